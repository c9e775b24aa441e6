import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeInvalidEmail, isValidEmail, normalizeEmail } from "./email-address";

describe("normalizeEmail", () => {
  it("trims surrounding whitespace and lower-cases", () => {
    expect(normalizeEmail("  Alice.Smith@Example.COM \t\n")).toBe("alice.smith@example.com");
    expect(normalizeEmail("\u00a0bob@x.io\u00a0")).toBe("bob@x.io");
    expect(normalizeEmail("ÉLODIE@Exemple.FR")).toBe("élodie@exemple.fr");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string(), (value) => normalizeEmail(normalizeEmail(value)) === normalizeEmail(value)));
  });
});

describe("isValidEmail", () => {
  it.each([
    "a@b.co",
    "alice@example.com",
    "Alice.Smith+news@Example.com",
    "o'brien@example.ie",
    "user_name-1@sub.domain.example",
    "x@123.example",
    "élodie@exemple.fr",
    "user@xn--bcher-kva.example",
    "!#$%&'*+/=?^_`{|}~-@example.com",
  ])("accepts %s", (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["alice", "no @"],
    ["@example.com", "empty local part"],
    ["alice@", "empty domain"],
    ["alice@localhost", "domain without a dot"],
    ["alice@@example.com", "two @"],
    ["a@b@example.com", "two @ apart"],
    ["alice smith@example.com", "space in local part"],
    ["alice@exa mple.com", "space in domain"],
    [" alice@example.com", "leading space (validate the normalised form)"],
    ["alice@example.com\n", "trailing newline"],
    [".alice@example.com", "local part starting with a dot"],
    ["alice.@example.com", "local part ending with a dot"],
    ["al..ice@example.com", "empty dot-separated part"],
    ["alice@example..com", "empty domain label"],
    ["alice@.example.com", "domain starting with a dot"],
    ["alice@example.com.", "domain ending with a dot"],
    ["alice@-example.com", "label starting with a hyphen"],
    ["alice@example-.com", "label ending with a hyphen"],
    ["<alice@example.com>", "angle brackets"],
    ["alice@example.com, bob@example.com", "a list"],
    ['"alice"@example.com', "quoted local part"],
    ["alice(comment)@example.com", "comment"],
  ])("rejects %j (%s)", (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it("caps the local part at 64 characters and the address at 254", () => {
    expect(isValidEmail(`${"a".repeat(64)}@example.com`)).toBe(true);
    expect(isValidEmail(`${"a".repeat(65)}@example.com`)).toBe(false);
    const domain = `${Array.from({ length: 4 }, () => "d".repeat(60)).join(".")}.io`;
    const atLimit = `${"a".repeat(254 - domain.length - 1)}@${domain}`;
    expect(atLimit).toHaveLength(254);
    expect(isValidEmail(atLimit)).toBe(true);
    expect(isValidEmail(`a${atLimit}`)).toBe(false);
    expect(isValidEmail(`a@${"d".repeat(63)}.io`)).toBe(true);
    expect(isValidEmail(`a@${"d".repeat(64)}.io`)).toBe(false);
  });

  it("never throws and never accepts whitespace, a missing or a second @", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        const valid = isValidEmail(value);
        if (valid) {
          expect(value.split("@")).toHaveLength(2);
          expect(/\s/.test(value)).toBe(false);
          expect(value.length).toBeLessThanOrEqual(254);
        }
      }),
    );
  });

  it("keeps accepting an address after normalisation", () => {
    const address = fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), fc.constantFrom("com", "IO", "Example"))
      .map(([local, domain, tld]) => `  ${local}@${domain}.${tld} `);
    fc.assert(fc.property(address, (raw) => isValidEmail(normalizeEmail(raw))));
  });

  it("is fast enough to validate a snapshot's addresses inline", () => {
    const addresses = Array.from({ length: 100_000 }, (_, i) => `User.${i}+tag@Sub${i % 97}.Example.com`);
    const started = performance.now();
    let valid = 0;
    for (const address of addresses) if (isValidEmail(normalizeEmail(address))) valid += 1;
    const elapsedMs = performance.now() - started;
    expect(valid).toBe(addresses.length);
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe("describeInvalidEmail", () => {
  it("names the problem", () => {
    expect(describeInvalidEmail("")).toBe("email is empty");
    expect(describeInvalidEmail("alice smith@example.com")).toBe('"alice smith@example.com" contains a space');
    expect(describeInvalidEmail("alice")).toBe('"alice" must contain exactly one @ (found 0)');
    expect(describeInvalidEmail("a@b@c.com")).toBe('"a@b@c.com" must contain exactly one @ (found 2)');
    expect(describeInvalidEmail("alice@localhost")).toBe('"alice@localhost" is not a valid email address');
    expect(describeInvalidEmail(`${"a".repeat(250)}@example.com`)).toMatch(/is longer than 254 characters$/);
  });
});
