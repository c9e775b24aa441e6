import { describe, expect, it } from "vitest";
import { formatRelative } from "./format";

const now = new Date("2025-06-01T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("formatRelative", () => {
  it("says 'just now' under a minute", () => {
    expect(formatRelative(ago(30), now)).toBe("just now");
  });

  it("picks the largest fitting unit", () => {
    expect(formatRelative(ago(5 * 60), now)).toBe("5 minutes ago");
    expect(formatRelative(ago(3 * 3600), now)).toBe("3 hours ago");
    expect(formatRelative(ago(24 * 3600), now)).toBe("yesterday");
    expect(formatRelative(ago(14 * 24 * 3600), now)).toBe("2 weeks ago");
  });
});
