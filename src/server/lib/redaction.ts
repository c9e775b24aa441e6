/** What API responses and logs show in place of a secret. */
export const REDACTED = "[REDACTED]";
