import { TemplateCompileError } from "../errors";
import { validateBuilderDocument, type BuilderBlock, type BuilderDocument, type BuilderSection, type GlobalStyles, type Padding } from "./document";
import { parseInline, scanMustaches, type InlineNode } from "./syntax";

const HEADING_SIZES = { 1: 28, 2: 22, 3: 18 } as const;
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Escapes an attribute value while keeping its (validated, quote-free) `{{variables}}` live. */
function attributeValue(value: string): string {
  return scanMustaches(value, "attribute")
    .parts.map((part) => (part.kind === "text" ? escapeHtml(part.value) : part.raw))
    .join("");
}

function renderNodes(nodes: InlineNode[], linkColor: string): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case "text":
          return escapeHtml(node.value).replaceAll("\n", "<br />");
        case "variable":
          return node.raw;
        case "bold":
          return `<strong>${renderNodes(node.children, linkColor)}</strong>`;
        case "link":
          return `<a href="${attributeValue(node.url)}" style="color:${linkColor};text-decoration:underline;">${renderNodes(node.children, linkColor)}</a>`;
      }
    })
    .join("");
}

function padding(value: Padding): string {
  return `${value.top}px ${value.right}px ${value.bottom}px ${value.left}px`;
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join("");
}

function partialCall(name: string, args: Record<string, string>): string {
  const hash = Object.entries(args)
    .map(([key, value]) => ` ${key}="${value.replace(/\r\n?/g, "\n").replaceAll('"', '\\"')}"`)
    .join("");
  return `{{> ${name}${hash} }}`;
}

function blockMjml(block: BuilderBlock, styles: GlobalStyles): string {
  switch (block.type) {
    case "text":
      return `<mj-text${attributes({ align: block.align, "font-size": `${block.fontSize}px`, padding: padding(block.padding) })}>${renderNodes(parseInline(block.content, true), styles.linkColor)}</mj-text>`;
    case "heading": {
      const tag = `h${block.level}`;
      const style = `margin:0;font-size:${HEADING_SIZES[block.level]}px;line-height:1.25;font-weight:700;`;
      return `<mj-text${attributes({ align: block.align, padding: padding(block.padding) })}><${tag} style="${style}">${renderNodes(parseInline(block.content, false), styles.linkColor)}</${tag}></mj-text>`;
    }
    case "button":
      return `<mj-button${attributes({
        href: attributeValue(block.url),
        align: block.align,
        padding: padding(block.padding),
        "background-color": block.backgroundColor,
        color: block.textColor,
      })}>${renderNodes(parseInline(block.text.replace(/\s*[\r\n]+\s*/g, " "), false), styles.linkColor)}</mj-button>`;
    case "image":
      return `<mj-image${attributes({
        src: attributeValue(block.src),
        alt: attributeValue(block.alt.replace(/\s*[\r\n]+\s*/g, " ")),
        width: block.width === undefined ? undefined : `${block.width}px`,
        href: block.href === undefined ? undefined : attributeValue(block.href),
        align: block.align,
        padding: padding(block.padding),
      })} />`;
    case "spacer":
      return `<mj-spacer${attributes({ height: `${block.height}px` })} />`;
    case "divider":
      return `<mj-divider${attributes({ "border-color": block.color, "border-width": `${block.thickness}px`, padding: padding(block.padding) })} />`;
    case "component":
      return partialCall(block.name, block.args);
  }
}

function sectionMjml(section: BuilderSection, styles: GlobalStyles, indent: string): string[] {
  const only = section.blocks[0]?.[0];
  if (section.columns === 1 && section.blocks[0]?.length === 1 && only?.type === "component" && only.placement === "section") {
    return [`${indent}${partialCall(only.name, only.args)}`];
  }
  const lines = [`${indent}<mj-section${attributes({ "background-color": section.backgroundColor, padding: padding(section.padding) })}>`];
  for (const column of section.blocks) {
    if (column.length === 0) {
      lines.push(`${indent}  <mj-column></mj-column>`);
      continue;
    }
    lines.push(`${indent}  <mj-column>`);
    for (const block of column) lines.push(`${indent}    ${blockMjml(block, styles)}`);
    lines.push(`${indent}  </mj-column>`);
  }
  lines.push(`${indent}</mj-section>`);
  return lines;
}

function documentMjml(doc: BuilderDocument): string {
  const styles = doc.globalStyles;
  return [
    "<mjml>",
    "  <mj-head>",
    "    <mj-attributes>",
    `      <mj-all${attributes({ "font-family": styles.fontFamily })} />`,
    `      <mj-text${attributes({ color: styles.textColor, "font-size": "16px", "line-height": "1.5" })} />`,
    `      <mj-button${attributes({ "background-color": styles.buttonColor, color: styles.buttonTextColor, "font-size": "16px" })} />`,
    `      <mj-section${attributes({ "background-color": styles.contentBackgroundColor })} />`,
    "    </mj-attributes>",
    "  </mj-head>",
    `  <mj-body${attributes({ width: `${styles.width}px`, "background-color": styles.backgroundColor })}>`,
    ...doc.sections.flatMap((section) => sectionMjml(section, styles, "    ")),
    "  </mj-body>",
    "</mjml>",
    "",
  ].join("\n");
}

/**
 * Compiles a builder document to MJML (with Handlebars variables and `{{> component }}` calls left for the engine).
 * Invalid documents throw a TemplateCompileError listing every problem with its section, column and block.
 */
export function builderToMjml(doc: BuilderDocument | unknown): string {
  const result = validateBuilderDocument(doc);
  if (!result.success) throw new TemplateCompileError(result.problems.map((problem) => ({ message: problem.message })));
  return documentMjml(result.document);
}
