import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps local paths with their query", () => {
    expect(safeCallbackUrl("/settings/users?page=2")).toBe("/settings/users?page=2");
  });

  it("reduces absolute URLs to their path", () => {
    expect(safeCallbackUrl("http://localhost:3030/dev-inbox")).toBe("/dev-inbox");
    expect(safeCallbackUrl("https://evil.example/steal")).toBe("/steal");
  });

  it("never leaves the site through protocol-relative URLs", () => {
    expect(safeCallbackUrl("//evil.example/x")).toBe("/x");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
  });

  it("falls back to the home page for empty values and the login page itself", () => {
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl("")).toBe("/");
    expect(safeCallbackUrl("/login?callbackUrl=/x")).toBe("/");
  });
});
