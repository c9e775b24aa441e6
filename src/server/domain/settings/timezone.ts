/**
 * Returns the IANA zone name in its canonical spelling ("europe/paris" → "Europe/Paris"), or null when the runtime
 * does not know it. Offsets like "+01:00" are refused even where the runtime accepts them: they are not IANA zones.
 * Aliases keep their own name (ICU resolves "EST" to "America/Panama", which would surprise the user).
 */
export function normalizeTimeZone(value: string): string | null {
  const candidate = value.trim();
  if (!candidate || /^[+-]/.test(candidate)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return resolved.toLowerCase() === candidate.toLowerCase() ? resolved : candidate;
}
