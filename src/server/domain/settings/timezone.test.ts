import { describe, expect, it } from "vitest";
import { normalizeTimeZone } from "./timezone";

describe("normalizeTimeZone", () => {
  it("accepts IANA zones and UTC, fixing their case", () => {
    expect(normalizeTimeZone("Europe/Paris")).toBe("Europe/Paris");
    expect(normalizeTimeZone("europe/paris")).toBe("Europe/Paris");
    expect(normalizeTimeZone(" UTC ")).toBe("UTC");
    expect(normalizeTimeZone("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
  });

  it("keeps an alias as written instead of its ICU target", () => {
    expect(normalizeTimeZone("US/Pacific")).toBe("US/Pacific");
  });

  it("refuses unknown names, offsets and blanks", () => {
    expect(normalizeTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(normalizeTimeZone("+01:00")).toBeNull();
    expect(normalizeTimeZone("-05:00")).toBeNull();
    expect(normalizeTimeZone("")).toBeNull();
  });
});
