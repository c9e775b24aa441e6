/** Set by src/proxy.ts so server layouts know which page was requested (for the login callbackUrl). */
export const requestPathHeader = "x-emailops-path";

/**
 * Reduces a callbackUrl to a path on this site: absolute URLs (next-auth sends those) keep only their path, and
 * anything that could leave the site ("//evil.example", "https://evil.example/…") ends up as a local path or "/".
 */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://local.invalid");
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
  } catch {
    return "/";
  }
}
