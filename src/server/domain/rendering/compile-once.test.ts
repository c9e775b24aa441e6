import { beforeEach, describe, expect, it, vi } from "vitest";

/*
 * Counts real calls into the compile-time libraries (the real implementations still run): rendering a prepared
 * template for many recipients must not call any of them.
 */
const calls = vi.hoisted(() => ({ mjml: 0, juice: 0, htmlToText: 0 }));

vi.mock("mjml", async (importOriginal) => {
  const actual = await importOriginal<{ default: typeof import("mjml") }>();
  const wrapped = (...args: Parameters<typeof actual.default>) => {
    calls.mjml++;
    return actual.default(...args);
  };
  return { ...actual, default: wrapped };
});

vi.mock("juice", async (importOriginal) => {
  const actual = await importOriginal<{ default: typeof import("juice") }>();
  const wrapped = Object.assign((...args: Parameters<typeof actual.default>) => {
    calls.juice++;
    return actual.default(...args);
  }, actual.default);
  return { ...actual, default: wrapped };
});

vi.mock("html-to-text", async (importOriginal) => {
  const actual = await importOriginal<typeof import("html-to-text")>();
  return {
    ...actual,
    convert: (...args: Parameters<typeof actual.convert>) => {
      calls.htmlToText++;
      return actual.convert(...args);
    },
  };
});

const { compileCounterSnapshot, compileTemplate, prepareTemplate } = await import("./index");
const { EXAMPLE_COMPONENTS, EXAMPLE_TEMPLATE, exampleRecipient } = await import("./examples");

describe("compile once, render many", () => {
  beforeEach(() => {
    calls.mjml = 0;
    calls.juice = 0;
    calls.htmlToText = 0;
  });

  it("compiles MJML and generates the text part once; rendering recipients calls neither", async () => {
    const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
    expect(calls).toEqual({ mjml: 1, juice: 0, htmlToText: 1 });
    const counters = compileCounterSnapshot();

    const prepared = prepareTemplate(compiled);
    const subjects = new Set<string>();
    for (let i = 0; i < 500; i++) subjects.add(prepared.render(exampleRecipient(i)).subject);

    expect(subjects.size).toBeGreaterThan(1);
    expect(calls).toEqual({ mjml: 1, juice: 0, htmlToText: 1 });
    expect(compileCounterSnapshot()).toEqual(counters);
  });

  it("inlines CSS once for HTML templates", async () => {
    const compiled = await compileTemplate(
      { authoringMode: "HTML", subject: "s", preheader: "", bodyHtml: "<style>p{color:red}</style><p>{{name}}</p>" },
      [],
    );
    const prepared = prepareTemplate(compiled);
    for (let i = 0; i < 100; i++) expect(prepared.render({ name: `n${i}` }).html).toBe(`<p style="color: red;">n${i}</p>`);
    expect(calls).toEqual({ mjml: 0, juice: 1, htmlToText: 1 });
  });
});
