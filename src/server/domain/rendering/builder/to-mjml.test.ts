import Handlebars from "handlebars";
import mjml2html from "mjml";
import { describe, expect, it } from "vitest";
import { TemplateCompileError } from "../errors";
import {
  builderDocumentSchema,
  defaultBlock,
  defaultComponentBlock,
  defaultSection,
  emptyBuilderDocument,
  validateBuilderDocument,
  type BuilderBlock,
  type BuilderDocument,
} from "./document";
import { builderToMjml } from "./to-mjml";

function docWith(columns: BuilderBlock[][], overrides: Partial<BuilderDocument["globalStyles"]> = {}): BuilderDocument {
  const doc = emptyBuilderDocument();
  return {
    ...doc,
    globalStyles: { ...doc.globalStyles, ...overrides },
    sections: [{ ...defaultSection(columns.length === 2 ? 2 : 1, "s1"), blocks: columns }],
  };
}

async function compileStrict(mjml: string): Promise<string> {
  const result = await mjml2html(mjml, { validationLevel: "strict" });
  expect(result.errors).toEqual([]);
  return result.html;
}

function problemsOf(input: unknown): string[] {
  try {
    builderToMjml(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateCompileError);
    return (error as TemplateCompileError).problems.map((problem) => problem.message);
  }
  throw new Error("expected the document to be rejected");
}

describe("builderToMjml", () => {
  it("compiles an empty document to a valid, styled MJML skeleton", async () => {
    const mjml = builderToMjml(emptyBuilderDocument());
    expect(mjml).toContain('<mj-all font-family="Helvetica, Arial, sans-serif" />');
    expect(mjml).toContain('<mj-body width="600px" background-color="#f3f4f6">');
    await compileStrict(mjml);
  });

  it("applies global styles through mj-attributes and the body", async () => {
    const mjml = builderToMjml(
      docWith([[defaultBlock("text", "t1"), defaultBlock("button", "b1")]], {
        fontFamily: "'Open Sans', Arial, sans-serif",
        textColor: "#111",
        buttonColor: "#ff0000",
        buttonTextColor: "#00ff00",
        contentBackgroundColor: "#fafafa",
        backgroundColor: "#000000",
        width: 720,
      }),
    );
    expect(mjml).toContain(`<mj-all font-family="'Open Sans', Arial, sans-serif" />`);
    expect(mjml).toContain('<mj-text color="#111" font-size="16px" line-height="1.5" />');
    expect(mjml).toContain('<mj-button background-color="#ff0000" color="#00ff00" font-size="16px" />');
    expect(mjml).toContain('<mj-section background-color="#fafafa" />');
    expect(mjml).toContain('<mj-body width="720px" background-color="#000000">');
    const html = await compileStrict(mjml);
    expect(html).toContain("720px");
    expect(html).toContain("#ff0000");
  });

  it("compiles every block type with its padding and alignment", async () => {
    const blocks: BuilderBlock[] = [
      { ...defaultBlock("heading", "h1"), content: "Welcome {{firstName}}", level: 2, align: "center", padding: { top: 1, right: 2, bottom: 3, left: 4 } },
      { ...defaultBlock("text", "t1"), content: "Line one\nLine two", fontSize: 18, align: "right" },
      { ...defaultBlock("button", "b1"), text: "Add credits", url: "{{{ctaUrl}}}", align: "left", backgroundColor: "#123456", textColor: "#fff" },
      { ...defaultBlock("image", "i1"), src: "https://cdn.example.com/a.png", alt: "Logo of {{company}}", width: 200, href: "https://example.com/?a=1&b={{token}}" },
      { ...defaultBlock("spacer", "sp1"), height: 32 },
      { ...defaultBlock("divider", "d1"), color: "#cccccc", thickness: 3 },
    ];
    const mjml = builderToMjml(docWith([blocks]));
    expect(mjml).toContain(
      '<mj-text align="center" padding="1px 2px 3px 4px"><h2 style="margin:0;font-size:22px;line-height:1.25;font-weight:700;">Welcome {{firstName}}</h2></mj-text>',
    );
    expect(mjml).toContain('<mj-text align="right" font-size="18px" padding="10px 25px 10px 25px">Line one<br />Line two</mj-text>');
    expect(mjml).toContain(
      '<mj-button href="{{{ctaUrl}}}" align="left" padding="10px 25px 10px 25px" background-color="#123456" color="#fff">Add credits</mj-button>',
    );
    expect(mjml).toContain(
      '<mj-image src="https://cdn.example.com/a.png" alt="Logo of {{company}}" width="200px" href="https://example.com/?a=1&amp;b={{token}}" align="center" padding="10px 25px 10px 25px" />',
    );
    expect(mjml).toContain('<mj-spacer height="32px" />');
    expect(mjml).toContain('<mj-divider border-color="#cccccc" border-width="3px" padding="10px 25px 10px 25px" />');
    const html = await compileStrict(mjml);
    expect(html).toContain('href="{{{ctaUrl}}}"');
    expect(html).toContain('alt="Logo of {{company}}"');
    expect(html).toContain("b={{token}}");
  });

  it("lays out one and two column sections in order, with section background and padding", async () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      { ...defaultSection(1, "s1"), blocks: [[{ ...defaultBlock("heading", "h1"), content: "Top" }]] },
      {
        ...defaultSection(2, "s2"),
        backgroundColor: "#eeeeee",
        padding: { top: 5, right: 6, bottom: 7, left: 8 },
        blocks: [[{ ...defaultBlock("text", "left"), content: "Left" }], [{ ...defaultBlock("text", "right"), content: "Right" }]],
      },
      { ...defaultSection(2, "s3"), blocks: [[], [defaultBlock("spacer", "x")]] },
    ];
    const mjml = builderToMjml(doc);
    expect(mjml.match(/<mj-section /g)).toHaveLength(4);
    expect(mjml).toContain('<mj-section background-color="#eeeeee" padding="5px 6px 7px 8px">');
    const second = mjml.slice(mjml.indexOf('background-color="#eeeeee"'));
    expect(second.indexOf(">Left<")).toBeLessThan(second.indexOf(">Right<"));
    expect(mjml.indexOf(">Top<")).toBeLessThan(mjml.indexOf(">Left<"));
    expect(mjml).toMatch(/<mj-section[^>]*>\n {6}<mj-column><\/mj-column>\n {6}<mj-column>\n {8}<mj-spacer/);
    const html = await compileStrict(mjml);
    expect(html).toContain("Left");
    expect(html).toContain("Right");
  });

  it("escapes text and keeps variables and block helpers live", async () => {
    const text = "<script>alert('x')</script> & \"quotes\"\nHi {{firstName}}, {{formatNumber credits}} {{#if (eq plan \"pro\")}}Pro{{else}}Free{{/if}}";
    const mjml = builderToMjml(docWith([[{ ...defaultBlock("text", "t1"), content: text }]]));
    expect(mjml).not.toContain("<script>");
    expect(mjml).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;<br />Hi {{firstName}}");
    expect(mjml).toContain('{{formatNumber credits}} {{#if (eq plan "pro")}}Pro{{else}}Free{{/if}}');
    const html = await compileStrict(mjml);
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    const engine = Handlebars.create();
    engine.registerHelper("formatNumber", (value: number) => value.toFixed(1));
    engine.registerHelper("eq", (a: unknown, b: unknown) => a === b);
    const rendered = engine.compile(html)({ firstName: "<b>Ann</b>", credits: 3, plan: "pro" });
    expect(rendered).toContain("Hi &lt;b&gt;Ann&lt;/b&gt;");
    expect(rendered).not.toContain("<b>Ann</b>");
    expect(rendered).toContain("3.0 Pro");
  });

  it("escapes headings, button text and alt text without applying markup", () => {
    const mjml = builderToMjml(
      docWith([
        [
          { ...defaultBlock("heading", "h"), content: "**Big** <i>deal</i>" },
          { ...defaultBlock("button", "b"), text: "Go <now> & [x](https://e.com)\nplease" },
          { ...defaultBlock("image", "i"), alt: 'A "quoted" <alt>' },
        ],
      ]),
    );
    expect(mjml).toContain("**Big** &lt;i&gt;deal&lt;/i&gt;</h1>");
    expect(mjml).toContain(">Go &lt;now&gt; &amp; [x](https://e.com) please</mj-button>");
    expect(mjml).toContain('alt="A &quot;quoted&quot; &lt;alt&gt;"');
  });

  it("turns **bold** and [links](url) in text blocks into markup with the link colour", async () => {
    const content = "This is **important**, read [our terms](https://example.com/terms?a=1&b=2) or [your account]({{accountUrl}}). 2 ** 3";
    const mjml = builderToMjml(docWith([[{ ...defaultBlock("text", "t"), content }]], { linkColor: "#abcdef" }));
    expect(mjml).toContain("This is <strong>important</strong>, read ");
    expect(mjml).toContain('<a href="https://example.com/terms?a=1&amp;b=2" style="color:#abcdef;text-decoration:underline;">our terms</a>');
    expect(mjml).toContain('<a href="{{accountUrl}}" style="color:#abcdef;text-decoration:underline;">your account</a>');
    expect(mjml).toContain(". 2 ** 3</mj-text>");
    await compileStrict(mjml);
  });

  it("compiles component blocks to partial calls with escaped arguments, in a column or as a whole section", () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      { ...defaultSection(1, "s1"), blocks: [[defaultComponentBlock("header", "HEADER", "c1")]] },
      {
        ...defaultSection(1, "s2"),
        blocks: [
          [
            { ...defaultComponentBlock("button", "BUTTON", "c2"), args: { text: 'Say "hi" \\ <b>', url: "{{{ctaUrl}}}" } },
            { ...defaultComponentBlock("snippet-a", "SNIPPET", "c3"), args: {} },
          ],
        ],
      },
      { ...defaultSection(1, "s3"), blocks: [[defaultComponentBlock("footer", "FOOTER", "c4")]] },
    ];
    const mjml = builderToMjml(doc);
    expect(mjml).toContain('\n    {{> header }}\n    <mj-section');
    expect(mjml).toContain('      <mj-column>\n        {{> button text="Say \\"hi\\" \\ <b>" url="{{{ctaUrl}}}" }}\n        {{> snippet-a }}\n');
    expect(mjml).toContain("</mj-section>\n    {{> footer }}\n  </mj-body>");

    const ast = Handlebars.parse(mjml);
    const calls = ast.body.filter((node): node is hbs.AST.PartialStatement => node.type === "PartialStatement");
    expect(calls.map((call) => (call.name as hbs.AST.PathExpression).original)).toEqual(["header", "button", "snippet-a", "footer"]);
    const args = Object.fromEntries(calls[1]!.hash.pairs.map((pair) => [pair.key, (pair.value as hbs.AST.StringLiteral).value]));
    expect(args).toEqual({ text: 'Say "hi" \\ <b>', url: "{{{ctaUrl}}}" });
  });

  it("produces MJML that compiles once the engine expands the component partials", async () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      { ...defaultSection(1, "s1"), blocks: [[defaultComponentBlock("header", "HEADER", "c1")]] },
      {
        ...defaultSection(2, "s2"),
        blocks: [[{ ...defaultComponentBlock("cta", "BUTTON", "c2"), args: { label: "Buy" } }], [defaultBlock("text", "t")]],
      },
    ];
    const template = Handlebars.create();
    template.registerPartial("header", '<mj-section><mj-column><mj-text>Brand</mj-text></mj-column></mj-section>');
    template.registerPartial("cta", '<mj-button href="{{{ctaUrl}}}">{{label}}</mj-button>');
    const expanded = template.compile(builderToMjml(doc))({ ctaUrl: "https://example.com/c?x=1", first_name: "Ann" });
    const html = await compileStrict(expanded);
    expect(html).toContain("Brand");
    expect(html).toContain("Buy");
    expect(html).toContain("Hello Ann,");
  });
});

describe("builder document validation", () => {
  it("accepts the defaults of every block type", () => {
    const blocks = (["text", "heading", "button", "image", "spacer", "divider"] as const).map((type) => defaultBlock(type));
    expect(builderDocumentSchema.safeParse(docWith([blocks])).success).toBe(true);
    expect(new Set(blocks.map((block) => block.id)).size).toBe(blocks.length);
  });

  it("names the section, column, block and field of each problem", () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      defaultSection(1, "s0"),
      {
        ...defaultSection(2, "s1"),
        blocks: [
          [defaultBlock("text", "t1")],
          [
            defaultBlock("spacer", "sp"),
            defaultBlock("divider", "dv"),
            { ...defaultBlock("button", "b1"), url: "javascript:alert(1)" },
            { ...defaultBlock("image", "i1"), src: "ftp://x", padding: { top: -1, right: 0, bottom: 0, left: 0 } },
          ],
        ],
      },
    ];
    expect(problemsOf(doc)).toEqual([
      "Section 2, column 2, block 3 (button): url must be an https URL or a variable",
      "Section 2, column 2, block 4 (image): src must be an https URL or a variable",
      "Section 2, column 2, block 4 (image): padding.top must be at least 0",
    ]);
  });

  it("rejects bad colours, widths, fonts and unknown block types", () => {
    const doc = docWith([[{ ...defaultBlock("divider", "d"), color: "red" }, { id: "z", type: "video" }]] as BuilderBlock[][], {
      width: 900,
      buttonColor: "#12345",
      fontFamily: 'Arial"><script>',
    });
    expect(problemsOf(doc)).toEqual([
      "Global styles: fontFamily must be font names separated by commas (letters, digits, spaces, ' and -)",
      "Global styles: buttonColor must be a colour such as #1a2b3c or #abc",
      "Global styles: width must be at most 800",
      "Section 1, column 1, block 1 (divider): color must be a colour such as #1a2b3c or #abc",
      "Section 1, column 1, block 2 (video): type must be one of text, heading, button, image, spacer, divider, component",
    ]);
  });

  it("rejects duplicate ids, a column count that does not match, and misplaced full-width components", () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      { ...defaultSection(2, "s1"), blocks: [[defaultBlock("text", "same")], [defaultBlock("text", "same")]] },
      { ...defaultSection(2, "s1"), blocks: [[defaultComponentBlock("header", "HEADER", "h")]] },
    ];
    expect(problemsOf(doc)).toEqual([
      "Section 2: blocks must have one list of blocks per column (2)",
      "Section 1, column 2, block 1 (text): id must be unique (same is used twice)",
      "Section 2: id must be unique (s1 is used twice)",
      "Section 2, column 1, block 1 (component): placement must be column unless the component is the only block of a one-column section",
    ]);
  });

  it("rejects partials, raw output, unbalanced blocks and unclosed expressions in text", () => {
    const text = (content: string) => docWith([[{ ...defaultBlock("text", "t"), content }]]);
    expect(problemsOf(text("Hi {{> footer }}"))).toEqual([
      "Section 1, column 1, block 1 (text): content: {{> footer }} is not a variable; partials, comments and raw blocks are not allowed (use a component block)",
    ]);
    expect(problemsOf(text("Hi {{{name}}}"))).toEqual([
      "Section 1, column 1, block 1 (text): content: raw output {{{name}}} is not allowed here; write {{name}} instead",
    ]);
    expect(problemsOf(text("{{#if a}}x"))).toEqual(["Section 1, column 1, block 1 (text): content: {{#if}} is not closed with {{/if}}"]);
    expect(problemsOf(text("x{{/each}}"))).toEqual(["Section 1, column 1, block 1 (text): content: {{/each}} does not close an open {{#each}} block"]);
    expect(problemsOf(text("Hi {{name"))).toEqual(["Section 1, column 1, block 1 (text): content: {{name… is not closed with }}"]);
    expect(problemsOf(text("[click](javascript:alert(1))"))).toEqual([
      "Section 1, column 1, block 1 (text): content: link javascript:alert(1 must be an https URL or a variable",
    ]);
  });

  it("only allows plain variables in attributes and well-formed component arguments", () => {
    const doc = docWith([
      [
        { ...defaultBlock("image", "i"), alt: '{{default name "x"}}', href: "https://e.com/{{a b}}" },
        { ...defaultComponentBlock("bad name!", "BUTTON", "c"), args: { "1x": "v", ok: "ends\\", raw: "{{{a}}} and {{{b}}}" } },
      ],
    ]);
    expect(problemsOf(doc)).toEqual([
      'Section 1, column 1, block 1 (image): alt: {{default name "x"}} must be a plain variable such as {{firstName}}',
      "Section 1, column 1, block 1 (image): href must be an https URL or a variable",
      "Section 1, column 1, block 2 (component): name must be the name of a library component",
      "Section 1, column 1, block 2 (component): args.1x is not a valid argument name (letters, digits, _ and -)",
      "Section 1, column 1, block 2 (component): args.ok must not end with a backslash",
      "Section 1, column 1, block 2 (component): args.raw: raw output {{{a}}} is not allowed here; write {{a}} instead",
      "Section 1, column 1, block 2 (component): args.raw: raw output {{{b}}} is not allowed here; write {{b}} instead",
    ]);
  });

  it("reports the location for non-objects and wrong versions", () => {
    expect(problemsOf("nope")[0]).toMatch(/^Document: /);
    expect(problemsOf({ ...emptyBuilderDocument(), version: 2 })).toEqual(["Document: version must be 1"]);
    const validation = validateBuilderDocument(docWith([[{ ...defaultBlock("button", "b9"), url: "" }]]));
    expect(validation.success).toBe(false);
    expect(validation.success ? [] : validation.problems).toEqual([
      {
        area: "block",
        message: "Section 1, column 1, block 1 (button): url must be an https URL or a variable",
        detail: "must be an https URL or a variable",
        sectionId: "s1",
        blockId: "b9",
        field: "url",
      },
    ]);
  });
});
