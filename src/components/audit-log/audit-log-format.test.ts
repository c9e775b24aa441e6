import { describe, expect, it } from "vitest";
import { changedFields, endOfDay, entityLabel, formatSnapshot, startOfDay } from "./audit-log-format";

describe("audit log formatting", () => {
  it("turns a date input's day into the first and last instant of that local day", () => {
    expect(startOfDay("2025-01-31")?.getTime()).toBe(new Date(2025, 0, 31).getTime());
    expect(endOfDay("2025-01-31")?.getTime()).toBe(new Date(2025, 0, 31, 23, 59, 59, 999).getTime());
    expect(startOfDay("")).toBeUndefined();
    expect(startOfDay("2025-02-30")).toBeUndefined();
    expect(endOfDay("31/01/2025")).toBeUndefined();
  });

  it("lists the top-level fields that changed, including added and removed ones", () => {
    expect(changedFields({ role: "member", email: "a@x", extra: 1 }, { role: "admin", email: "a@x", added: [1] })).toEqual([
      "added",
      "extra",
      "role",
    ]);
    expect(changedFields(null, { role: "admin" })).toEqual([]);
    expect(changedFields({ nested: { a: 1 } }, { nested: { a: 1 } })).toEqual([]);
  });

  it("pretty-prints snapshots and reports missing ones as null", () => {
    expect(formatSnapshot({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatSnapshot(null)).toBeNull();
    expect(formatSnapshot(undefined)).toBeNull();
    expect(formatSnapshot(false)).toBe("false");
  });

  it("names entity types for people", () => {
    expect(entityLabel("api_key")).toBe("API key");
    expect(entityLabel("sender_profile")).toBe("Sender profile");
    expect(entityLabel("user")).toBe("User");
  });
});
