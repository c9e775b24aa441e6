const TAG_MAX_LENGTH = 256;

function sanitizeTagPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, TAG_MAX_LENGTH);
}

/**
 * SES message tags and Resend tags both accept only ASCII letters, digits, `_` and `-` (at most 256 characters) in
 * names and values, and reject the whole email otherwise; other characters become `_`, empty parts drop the tag.
 */
export function toProviderTags(tags: Record<string, string> | undefined): { name: string; value: string }[] {
  return Object.entries(tags ?? {})
    .map(([name, value]) => ({ name: sanitizeTagPart(name), value: sanitizeTagPart(value) }))
    .filter((tag) => tag.name !== "" && tag.value !== "");
}
