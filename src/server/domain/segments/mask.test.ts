import { describe, expect, it } from "vitest";
import { maskEmail, maskEmailsInRows } from "./mask";

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a***@example.com");
    expect(maskEmail("x@y.z")).toBe("x***@y.z");
    expect(maskEmail("odd@name@example.com")).toBe("o***@example.com");
  });

  it("masks values that are not emails without revealing them", () => {
    expect(maskEmail("not-an-email")).toBe("n***");
    expect(maskEmail("@example.com")).toBe("***@example.com");
    expect(maskEmail("")).toBe("");
  });
});

describe("maskEmailsInRows", () => {
  it("masks the email column and email-like values in other columns, leaving the rest", () => {
    const rows = [{ subject_id: "cus_1", email: "bob@example.com", contact: "Bob@Example.org", credits: 3, note: "a @ b" }];
    expect(maskEmailsInRows(rows)).toEqual([{ subject_id: "cus_1", email: "b***@example.com", contact: "B***@Example.org", credits: 3, note: "a @ b" }]);
    expect(rows[0]?.email).toBe("bob@example.com");
  });
});
