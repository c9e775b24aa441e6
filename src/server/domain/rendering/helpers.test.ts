import { describe, expect, it } from "vitest";
import { createHandlebarsEnvironment, formatDate, TEMPLATE_HELPERS } from "./helpers";

const handlebars = createHandlebarsEnvironment();
const render = (source: string, data: Record<string, unknown> = {}) => handlebars.compile(source)(data);

describe("template helpers", () => {
  it("formats dates with patterns, styles, locales and time zones", () => {
    const date = new Date("2024-03-05T23:30:09Z");
    expect(render('{{formatDate d "yyyy-MM-dd HH:mm:ss"}}', { d: date })).toBe("2024-03-05 23:30:09");
    expect(render("{{formatDate d}}", { d: "2024-03-05T10:00:00Z" })).toBe("2024-03-05");
    expect(render('{{formatDate d "EEEE d MMMM yy, h:mm a" timeZone="Europe/Paris"}}', { d: date })).toBe("Wednesday 6 March 24, 12:30 AM");
    expect(render('{{formatDate d "d MMMM yyyy" locale="fr-FR"}}', { d: date })).toBe("5 mars 2024");
    expect(render("{{formatDate d \"'Week of' dd/MM\"}}", { d: date.getTime() })).toBe("Week of 05/03");
    expect(render('{{formatDate d "long" locale="de-DE"}}', { d: date })).toBe("5. März 2024");
  });

  it("prints what it cannot format instead of throwing", () => {
    expect(render('{{formatDate d "yyyy"}}', { d: "not a date" })).toBe("not a date");
    expect(render('{{formatDate d "yyyy"}}')).toBe("");
    expect(render('{{formatDate d "yyyy" timeZone="Mars/Olympus"}}', { d: "2024-01-01" })).toBe("2024-01-01");
    expect(render('{{formatCurrency n "NOPE!"}}', { n: 3 })).toBe("3");
    expect(formatDate(new Date("2024-01-01T00:00:00Z"), "yyyy", "en-US", "UTC")).toBe("2024");
  });

  it("formats numbers and currencies", () => {
    expect(render("{{formatNumber n}}", { n: 1234567.891 })).toBe("1,234,567.891");
    expect(render("{{formatNumber n 2}}", { n: "3.14159" })).toBe("3.14");
    expect(render('{{formatNumber n 1 locale="de-DE"}}', { n: 1234.56 })).toBe("1.234,6");
    expect(render('{{formatCurrency n "EUR"}}', { n: 9.5 })).toBe("€9.50");
    expect(render('{{formatCurrency n "usd" locale="en-US"}}', { n: 1200 })).toBe("$1,200.00");
    expect(render("{{formatNumber n}}", { n: "abc" })).toBe("abc");
  });

  it("falls back, changes case and compares", () => {
    expect(render('{{default name "there"}}', { name: "" })).toBe("there");
    expect(render('{{default name "there"}}', { name: "Ann" })).toBe("Ann");
    expect(render('{{default name "there"}}')).toBe("there");
    expect(render("{{upper p}} {{lower e}} {{capitalize n}}", { p: "pro", e: "A@B.COM", n: "éva" })).toBe("PRO a@b.com Éva");
    expect(render('{{#if (eq plan "pro")}}yes{{else}}no{{/if}}', { plan: "pro" })).toBe("yes");
    expect(render("{{#if (eq n 3)}}yes{{else}}no{{/if}}", { n: "3" })).toBe("yes");
    expect(render("{{#if (eq a b)}}yes{{else}}no{{/if}}", { a: null })).toBe("no");
  });

  it("escapes helper output in {{ }}", () => {
    expect(render("{{upper x}}", { x: "<b>" })).toBe("&lt;B&gt;");
  });

  it("documents every registered helper and keeps them out of the global Handlebars", async () => {
    const names = TEMPLATE_HELPERS.map((h) => h.name);
    expect(names).toEqual(["formatDate", "formatNumber", "formatCurrency", "default", "upper", "lower", "capitalize", "eq"]);
    for (const name of names) expect(Object.keys(handlebars.helpers)).toContain(name);
    const { default: global } = await import("handlebars");
    expect(Object.keys(global.helpers)).not.toContain("formatDate");
  });
});
