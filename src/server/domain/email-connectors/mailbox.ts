/** `"Name" <address>` when there is a display name, the bare address otherwise. */
export function formatMailbox(address: string, name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return address;
  return `"${trimmed.replace(/["\\]/g, "\\$&")}" <${address}>`;
}
