import { applyEdits, handlebarsTagRanges, type Program } from "./handlebars-ast";

/** MJML elements whose content is raw HTML: Handlebars and HTML inside them pass through MJML untouched. */
export const MJML_ENDING_TAGS: ReadonlySet<string> = new Set([
  "mj-text",
  "mj-button",
  "mj-table",
  "mj-raw",
  "mj-navbar-link",
  "mj-accordion-title",
  "mj-accordion-text",
  "mj-social-element",
  "mj-style",
  "mj-title",
  "mj-preview",
]);

const MJML_ELEMENT = /<(\/?)(mj-[a-z-]+)\b[^>]*?(\/?)>/gi;

/** The MJML elements still open after `text`, starting from `open` (a light tag scan: MJML is XML-like). */
export function openMjmlElements(text: string, open: string[]): string[] {
  const stack = [...open];
  for (const match of text.matchAll(MJML_ELEMENT)) pushOrPop(stack, match);
  return stack;
}

function pushOrPop(stack: string[], match: RegExpMatchArray): void {
  const [, closing, rawName, selfClosing] = match;
  const name = (rawName ?? "").toLowerCase();
  if (selfClosing) return;
  if (closing) {
    const index = stack.lastIndexOf(name);
    if (index >= 0) stack.length = index;
  } else {
    stack.push(name);
  }
}

/**
 * MJML silently drops text placed between elements, so `{{#if vip}}<mj-text>…</mj-text>{{/if}}` inside a column would
 * lose its block tags and always render. Such Handlebars tags (outside attributes, outside raw-content elements,
 * inside mj-body) are wrapped in `<mj-raw>`, which MJML copies verbatim at that place. No line is added.
 */
export function wrapStrayHandlebars(mjml: string, program: Program): string {
  const ranges = handlebarsTagRanges(mjml, program);
  if (ranges.length === 0) return mjml;
  // Offsets stay valid while Handlebars tags are blanked out, so an element with a mustache attribute still scans.
  const masked = applyEdits(
    mjml,
    ranges.map((range) => ({ ...range, text: "x".repeat(range.end - range.start) })),
  );
  const markup = [...masked.matchAll(/<[^>]*>/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const elements = [...masked.matchAll(MJML_ELEMENT)];

  const stack: string[] = [];
  let nextElement = 0;
  let nextMarkup = 0;
  const edits = [];
  for (const range of ranges) {
    while (nextElement < elements.length && (elements[nextElement]?.index ?? Infinity) < range.start) {
      pushOrPop(stack, elements[nextElement] as RegExpMatchArray);
      nextElement++;
    }
    while (nextMarkup < markup.length && (markup[nextMarkup]?.end ?? Infinity) <= range.start) nextMarkup++;
    const span = markup[nextMarkup];
    const inMarkup = span !== undefined && span.start < range.start;
    const innermost = stack[stack.length - 1];
    const stray =
      !inMarkup && innermost !== undefined && stack.includes("mj-body") && !stack.includes("mj-head") && !MJML_ENDING_TAGS.has(innermost);
    if (stray) edits.push({ ...range, text: `<mj-raw>${mjml.slice(range.start, range.end)}</mj-raw>` });
  }
  return applyEdits(mjml, edits);
}
