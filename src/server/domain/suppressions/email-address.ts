/**
 * Email address normalisation and validation shared by suppressions and the audience snapshot, so an address that
 * is suppressed and the same address coming from a segment always compare equal.
 */

export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

/** Dot-atom local part (RFC 5322 without quoted strings); non-ASCII is allowed for internationalised addresses. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;
/** Two or more DNS labels; a label never starts or ends with a hyphen. */
const DOMAIN =
  /^(?:[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]{0,61}[A-Za-z0-9\u0080-\uFFFF])?\.)+[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]{0,61}[A-Za-z0-9\u0080-\uFFFF])?$/;

/** The form addresses are stored and compared in: surrounding whitespace removed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * True for a deliverable-looking address: exactly one @, a non-empty local part of at most 64 characters without
 * spaces or empty dot-separated parts, and a domain with at least one dot; 254 characters at most. Validate the
 * normalised form: surrounding whitespace makes an address invalid.
 */
export function isValidEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@") || at > MAX_LOCAL_PART_LENGTH) return false;
  return LOCAL_PART.test(email.slice(0, at)) && DOMAIN.test(email.slice(at + 1));
}

/** Why `isValidEmail` refused an address, worded for the person who typed it. */
export function describeInvalidEmail(email: string): string {
  const shown = email.length > 80 ? `${email.slice(0, 77)}...` : email;
  if (email.trim() === "") return "email is empty";
  if (email.length > MAX_EMAIL_LENGTH) return `"${shown}" is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (/\s/.test(email)) return `"${shown}" contains a space`;
  const ats = email.split("@").length - 1;
  if (ats !== 1) return `"${shown}" must contain exactly one @ (found ${ats})`;
  return `"${shown}" is not a valid email address`;
}
