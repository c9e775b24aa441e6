import { convert, type HtmlToTextOptions } from "html-to-text";
import { applyEdits, handlebarsTagRanges, parseHandlebars } from "./handlebars-ast";
import { compileCounters } from "./counters";

const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: 100,
  formatters: {
    spacedCell: (elem, walk, builder) => {
      walk(elem.children, builder);
      builder.addInline(" ");
    },
  },
  selectors: [
    // The preheader and other hidden blocks are not part of the readable text.
    { selector: 'div[style*="display:none"]', format: "skip" },
    { selector: 'div[style*="display: none"]', format: "skip" },
    { selector: "img", format: "skip" },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    // Email HTML is layout tables: one line per row, cells apart (html-to-text would glue "a$1.00b$2.00").
    { selector: "table", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "tr", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "td", format: "spacedCell" },
    { selector: "th", format: "spacedCell" },
    // Upper-casing happens before recipient values are filled in, which would give "WELCOME BACK, Alice": keep case.
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

/**
 * The plain-text part of a compiled HTML template, itself a Handlebars template. Mustaches and block tags are swapped
 * for inert placeholders before html-to-text runs (it would otherwise upper-case them in headings, wrap them mid-tag,
 * or drop them from attributes it does not print) and put back afterwards.
 * Returns undefined when the result would not be valid Handlebars (a block opened in an attribute and closed in text).
 */
export function generateTextPart(html: string): string | undefined {
  const ranges = handlebarsTagRanges(html, parseHandlebars(html));
  let marker = "HBXQ";
  while (html.includes(marker)) marker += "Q";
  const tags = ranges.map((range) => html.slice(range.start, range.end));
  const protectedHtml = applyEdits(
    html,
    ranges.map((range, index) => ({ ...range, text: `${marker}${index}${marker}` })),
  );
  compileCounters.htmlToText++;
  const text = convert(protectedHtml, TEXT_OPTIONS)
    .replace(new RegExp(`${marker}(\\d+)${marker}`, "g"), (_, index: string) => tags[Number(index)] ?? "")
    .trim();
  try {
    parseHandlebars(text);
  } catch {
    return undefined;
  }
  return text;
}
