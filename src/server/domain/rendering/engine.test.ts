import { describe, expect, it } from "vitest";
import { defaultBlock, defaultComponentBlock, defaultSection, emptyBuilderDocument } from "./builder/document";
import { createHandlebarsEnvironment } from "./helpers";
import { EXAMPLE_COMPONENTS, EXAMPLE_TEMPLATE, exampleRecipient } from "./examples";
import {
  compileTemplate,
  listPartials,
  listVariables,
  prepareTemplate,
  renderCompiledPreview,
  renderComponentPreview,
  renderPreview,
  SYSTEM_VARIABLES,
  TemplateCompileError,
  type ComponentSource,
  type TemplateSource,
} from "./index";

function mjml(body: string, extra: Partial<TemplateSource> = {}): TemplateSource {
  return { authoringMode: "MJML", subject: "Hello", preheader: "", bodyMjml: body, ...extra };
}

function html(body: string, extra: Partial<TemplateSource> = {}): TemplateSource {
  return { authoringMode: "HTML", subject: "Hello", preheader: "", bodyHtml: body, ...extra };
}

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TemplateCompileError);
  return (error as TemplateCompileError).problems;
}

function hrefs(markup: string): string[] {
  return [...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
}

/** MJML puts text on lines of its own; tests compare it without the layout whitespace. */
const squash = (markup: string) => markup.replace(/>\s+/g, ">").replace(/\s+</g, "<");

const decode = (value: string) =>
  value.replace(/&#x3D;/g, "=").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

describe("the design document's example", () => {
  it("renders valid HTML with the recipient's values in the text, the button's href and the text part", async () => {
    const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
    const recipient = { ...exampleRecipient(3), firstName: "zoë" };
    const email = prepareTemplate(compiled).render(recipient);

    expect(email.html.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    expect(email.html).toContain("</html>");
    expect(email.html).not.toMatch(/\{\{|\}\}/);
    expect(email.html).toContain("Hello zoë,");
    expect(email.html).toContain("1,003 left on the team plan");
    expect(email.html).toContain("renewing on 2026-01-04");
    expect(email.html).toContain("Share your code REF3");
    expect(prepareTemplate(compiled).render(exampleRecipient(1)).html).not.toContain("Share your code");
    expect(hrefs(email.html).map(decode)).toEqual(
      expect.arrayContaining([
        "https://app.example.com/credits?u=3&src=email",
        "https://app.example.com/account/3",
        "https://app.example.com/u/3",
      ]),
    );
    expect(email.html).toContain('src="https://cdn.example.com/logo.png"');
    expect(squash(email.html)).toContain(">Add Credits<");
    expect(squash(email.html)).toContain(">Your account<");
    expect(email.html).toContain("background:#475569");
    expect(email.html).toContain("Top up before 4 January 2026");

    expect(email.subject).toBe("Zoë, only 1003 credits left on TEAM");
    expect(email.text).toContain("Hello zoë,");
    expect(email.text).toContain("Add Credits [https://app.example.com/credits?u=3&src=email]");
    expect(email.text).toContain("Unsubscribe [https://app.example.com/u/3]");
    expect(email.text).not.toContain("Top up before");
    expect(email.missingVariables).toEqual([]);
  });

  it("lists the ten variables the version reads, and no helper or component names", async () => {
    const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
    expect(compiled.variables).toEqual([
      "accountUrl",
      "credits",
      "ctaUrl",
      "email",
      "firstName",
      "plan",
      "referralCode",
      "renewalDate",
      "supportEmail",
      "unsubscribeUrl",
    ]);
    expect(listVariables(compiled)).toEqual(compiled.variables);
  });

  it("keeps recipient variables as mustaches in the compiled output (nothing recipient-specific is baked in)", async () => {
    const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
    expect(compiled.html).toContain('href="{{ctaUrl}}"');
    expect(compiled.html).toContain('href="{{accountUrl}}"');
    expect(compiled.html).toContain('href="{{unsubscribeUrl}}"');
    expect(compiled.text).toContain("[{{ctaUrl}}]");
    expect(compiled.subject).toBe(EXAMPLE_TEMPLATE.subject);
  });
});

describe("escaping", () => {
  const source = html('<p>{{name}}</p><div>{{{bio}}}</div><a href="{{url}}">x</a>', { subject: "For {{name}}" });

  it("escapes {{ }} and leaves {{{ }}} raw in the HTML", async () => {
    const email = prepareTemplate(await compileTemplate(source, [])).render({
      name: "<script>alert(1)</script>",
      bio: "<b>bold</b>",
      url: 'javascript:"x"',
    });
    expect(email.html).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("<div><b>bold</b></div>");
    expect(email.html).toContain('href="javascript:&quot;x&quot;"');
  });

  it("does not HTML-escape the subject or the text part, which are not HTML", async () => {
    const email = prepareTemplate(await compileTemplate(source, [])).render({ name: "Tom & Jerry", bio: "", url: "" });
    expect(email.subject).toBe("For Tom & Jerry");
    expect(email.text).toContain("Tom & Jerry");
    expect(email.html).toContain("Tom &amp; Jerry");
  });

  it("keeps a recipient's line breaks out of the subject", async () => {
    const email = prepareTemplate(await compileTemplate(source, [])).render({ name: "a\r\nBcc: x@example.com" });
    expect(email.subject).toBe("For a Bcc: x@example.com");
  });
});

describe("HTML mode", () => {
  it("inlines CSS once at compile time and keeps mustaches intact", async () => {
    const source = html(
      '<html><head><style>.cta { color: #ff0000; } p { margin: 0 }</style></head><body><p>Hi {{firstName}}</p><a class="cta" href="{{{ctaUrl}}}">Go</a></body></html>',
      { preheader: "Preview for {{firstName}} <3" },
    );
    const compiled = await compileTemplate(source, []);
    expect(compiled.html).toContain('<a class="cta" href="{{{ctaUrl}}}" style="color: #ff0000;">Go</a>');
    expect(compiled.html).toContain('<p style="margin: 0;">Hi {{firstName}}</p>');
    expect(compiled.html).not.toContain("<style>");
    expect(compiled.html).toMatch(/<body><div style="display:none;[^"]*">Preview for {{firstName}} &lt;3<\/div><p/);

    const email = prepareTemplate(compiled).render({ firstName: "Ann", ctaUrl: "https://x.test/?a=1&b=2" });
    expect(email.html).toContain('href="https://x.test/?a=1&b=2"');
    expect(email.html).toContain("Preview for Ann &lt;3");
    expect(email.text).toBe("Hi Ann\n\nGo [https://x.test/?a=1&b=2]");
  });

  it("prepends the preheader when the HTML has no body tag", async () => {
    const compiled = await compileTemplate(html("<p>Hi</p>", { preheader: "Sale" }), []);
    expect(compiled.html).toMatch(/^<div style="display:none;[^"]*">Sale<\/div><p>Hi<\/p>$/);
  });
});

describe("the text part", () => {
  it("is generated once from the HTML with mustaches and blocks kept, then filled per recipient", async () => {
    const source = mjml(
      [
        "<mjml><mj-body><mj-section><mj-column>",
        '<mj-text><h1>Welcome {{firstName}}</h1><p>{{formatDate since "d MMM yyyy"}}</p></mj-text>',
        "<mj-text>{{#each items}}<p>- {{name}}: {{formatCurrency price \"EUR\"}}</p>{{/each}}</mj-text>",
        '<mj-button href="{{{ctaUrl}}}">Open</mj-button>',
        "</mj-column></mj-section></mj-body></mjml>",
      ].join("\n"),
    );
    const compiled = await compileTemplate(source, []);
    // Headings are upper-cased by html-to-text; the mustache inside must not be.
    expect(compiled.text).toContain("Welcome {{firstName}}");
    expect(compiled.text).toContain('{{formatDate since "d MMM yyyy"}}');
    expect(compiled.text).toContain("{{#each items}}");
    expect(compiled.text).toContain("Open [{{{ctaUrl}}}]");

    const email = prepareTemplate(compiled).render({
      firstName: "Ann",
      since: "2024-03-05T10:00:00Z",
      items: [
        { name: "Pens", price: 3.5 },
        { name: "Ink", price: 12 },
      ],
      ctaUrl: "https://x.test/o?id=1&t=2",
    });
    expect(email.text).toContain("Welcome Ann");
    expect(email.text).toContain("5 Mar 2024");
    expect(email.text).toContain("- Pens: €3.50");
    expect(email.text).toContain("- Ink: €12.00");
    expect(email.text).toContain("Open [https://x.test/o?id=1&t=2]");
  });

  it("puts table rows on lines of their own with cells apart, block tags between rows included", async () => {
    const compiled = await compileTemplate(
      html('<table><tr><th>Item</th><th>Price</th></tr>{{#each rows}}<tr><td>{{name}}</td><td>{{formatCurrency price "USD"}}</td></tr>{{/each}}</table><p>Thanks</p>'),
      [],
    );
    const email = prepareTemplate(compiled).render({ rows: [{ name: "Pens", price: 1 }, { name: "Ink", price: 2.5 }] });
    expect(email.text).toBe("Item Price\nPens $1.00\nInk $2.50\n\nThanks");
  });

  it("uses bodyText as given when present", async () => {
    const compiled = await compileTemplate(mjml("<mj-body></mj-body>", { bodyText: "Hi {{firstName}} & co" }), []);
    expect(compiled.text).toBe("Hi {{firstName}} & co");
    expect(prepareTemplate(compiled).render({ firstName: "<Ann>" }).text).toBe("Hi <Ann> & co");
  });
});

describe("missing variables", () => {
  it("reports variables the data lacks (null counts as missing), but never the system variables", async () => {
    const compiled = await compileTemplate(
      html('<p>{{firstName}} {{lastName}} {{#if vip}}{{code}}{{/if}}</p><a href="{{unsubscribeUrl}}">u</a>'),
      [],
    );
    expect(SYSTEM_VARIABLES).toContain("unsubscribeUrl");
    expect(compiled.variables).toEqual(["code", "firstName", "lastName", "unsubscribeUrl", "vip"]);
    const email = prepareTemplate(compiled).render({ firstName: "Ann", lastName: null, vip: false });
    expect(email.missingVariables).toEqual(["code", "lastName"]);
  });

  it("shows them in a preview, which also fills the unsubscribe link", async () => {
    const preview = await renderPreview(
      html('<p>{{firstName}} {{plan}}</p><a href="{{unsubscribeUrl}}">u</a>', { preheader: "For {{firstName}} & you" }),
      [],
      { firstName: "Ann" },
    );
    expect(preview.missingVariables).toEqual(["plan"]);
    expect(preview.variables).toEqual(["firstName", "plan", "unsubscribeUrl"]);
    expect(preview.preheader).toBe("For Ann & you");
    expect(preview.html).toContain('href="#unsubscribe"');
  });

  it("renders a frozen compiled version without its variable list", async () => {
    const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
    const preview = renderCompiledPreview(
      { subject: compiled.subject, html: compiled.html, text: compiled.text },
      EXAMPLE_TEMPLATE.preheader,
      { firstName: "ann" },
    );
    expect(preview.variables).toEqual(compiled.variables);
    expect(preview.missingVariables).toContain("ctaUrl");
    expect(preview.subject).toBe("Ann, only  credits left on ");
  });
});

describe("compile errors", () => {
  it("reports MJML validation errors on the author's lines, after multi-line components", async () => {
    const body = [
      "<mjml>", // 1
      "<mj-body>", // 2
      "  {{> header }}", // 3 (5 lines of component content)
      "  <mj-section>", // 4
      "    <mj-column>", // 5
      "      <mj-txt>Hi {{firstName}}</mj-txt>", // 6
      "      {{> footer }}", // 7
      "      <mj-image src=\"{{logo}}\" width=\"{{w}}\" />", // 8
      "    </mj-column>", // 9
      "  </mj-section>", // 10
      "</mj-body>", // 11
      "</mjml>", // 12
    ].join("\n");
    const problems = await problemsOf(compileTemplate(mjml(body), EXAMPLE_COMPONENTS));
    expect(problems).toContainEqual({ message: "Element mj-txt doesn't exist or is not registered", line: 6 });
    expect(problems).toContainEqual(expect.objectContaining({ line: 8, message: expect.stringContaining("width") }));
    // The footer is a section placed inside a column: reported on the line that uses it, naming the component.
    expect(problems).toContainEqual(expect.objectContaining({ line: 7, message: expect.stringMatching(/^In component "footer": .*mj-section/) }));
    expect(problems).toHaveLength(3);
  });

  it("keeps Handlebars block tags placed between MJML elements (MJML alone would drop them)", async () => {
    const compiled = await compileTemplate(
      mjml(
        [
          "<mj-body>",
          "  {{#if showBanner}}<mj-section><mj-column><mj-text>Banner</mj-text></mj-column></mj-section>{{/if}}",
          "  <mj-section>",
          "    {{#each cards}}",
          '    <mj-column><mj-text css-class="{{cls}}">{{title}}</mj-text></mj-column>',
          "    {{/each}}",
          "  </mj-section>",
          "</mj-body>",
        ].join("\n"),
      ),
      [],
    );
    const prepared = prepareTemplate(compiled);
    const off = prepared.render({ showBanner: false, cards: [] });
    expect(off.html).not.toContain("Banner");
    const on = prepared.render({ showBanner: true, cards: [{ title: "One", cls: "a" }, { title: "Two", cls: "b" }] });
    expect(on.html).toContain("Banner");
    expect(squash(on.html)).toContain(">One<");
    expect(squash(on.html)).toContain(">Two<");
    expect(on.text).toMatch(/Banner[\s\S]*One[\s\S]*Two/);
    expect(off.text).not.toContain("Banner");
  });

  it("refuses mj-include, which would read server files", async () => {
    expect(await problemsOf(compileTemplate(mjml('<mj-body>\n<mj-include path="/etc/passwd" />\n</mj-body>'), []))).toEqual([
      { message: "<mj-include> is not supported; use a component ({{> name}}).", line: 2 },
    ]);
  });

  it("accepts a recipient variable in a colour attribute", async () => {
    const compiled = await compileTemplate(
      mjml('<mj-body><mj-section background-color="{{brand}}"><mj-column><mj-text>x</mj-text></mj-column></mj-section></mj-body>'),
      [],
    );
    expect(prepareTemplate(compiled).render({ brand: "#123456" }).html).toContain("background-color:#123456");
  });

  it("keeps mustaches in mj-image src, mj-button href and mj-text content through MJML", async () => {
    const compiled = await compileTemplate(
      mjml(
        '<mj-body><mj-section><mj-column><mj-image src="{{{img}}}" href="{{link}}" /><mj-button href="{{{cta}}}">{{label}}</mj-button><mj-text>{{{intro}}}</mj-text></mj-column></mj-section></mj-body>',
      ),
      [],
    );
    for (const piece of ['src="{{{img}}}"', 'href="{{link}}"', 'href="{{{cta}}}"', "{{label}}", "{{{intro}}}"]) {
      expect(compiled.html).toContain(piece);
    }
  });

  it("reports Handlebars syntax errors with their line and unknown helpers", async () => {
    expect(await problemsOf(compileTemplate(mjml("<mj-body>\n<mj-section>\n{{#if x}}\n</mj-section></mj-body>"), []))).toEqual([
      { message: expect.stringContaining("a block is not closed"), line: 4 },
    ]);
    expect(
      await problemsOf(compileTemplate(mjml("<mj-body>\n<mj-section><mj-column><mj-text>\n{{formatDat d \"yyyy\"}}</mj-text></mj-column></mj-section></mj-body>"), [])),
    ).toEqual([{ message: expect.stringContaining('Unknown helper "formatDat"'), line: 3 }]);
    expect(await problemsOf(compileTemplate(html("<p>{{my.helper name}}</p>"), []))).toEqual([
      { message: expect.stringContaining('Unknown helper "my.helper"'), line: 1 },
    ]);
    expect(await problemsOf(compileTemplate(html("<p>x</p>", { subject: "Hi {{shout name}}" }), []))).toEqual([
      { message: expect.stringMatching(/^The subject: Unknown helper "shout"/) },
    ]);
  });

  it("refuses empty bodies, bodies without mj-body and components outside the body", async () => {
    expect(await problemsOf(compileTemplate(mjml("  "), []))).toEqual([{ message: "The MJML body is empty." }]);
    expect(await problemsOf(compileTemplate(mjml("<mj-section></mj-section>"), []))).toEqual([
      { message: "The MJML body must be an <mjml> document or start with <mj-body>." },
    ]);
    expect(await problemsOf(compileTemplate(html("<p>x</p>", { subject: "{{> header}}" }), EXAMPLE_COMPONENTS))).toEqual([
      { message: "The subject cannot use components ({{> header}}); use them in the body." },
    ]);
  });

  it("carries the problems as HTTP 400 details", async () => {
    const error = await compileTemplate(mjml("<mj-body>{{> nope}}</mj-body>"), []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateCompileError);
    expect((error as TemplateCompileError).code).toBe("INVALID");
    expect((error as TemplateCompileError).details).toEqual({ problems: [{ message: expect.stringContaining('"nope"'), line: 1 }] });
  });
});

describe("BUILDER mode", () => {
  it("compiles the builder's MJML through the same engine, with components", async () => {
    const doc = emptyBuilderDocument();
    doc.sections = [
      {
        ...defaultSection(1, "s1"),
        blocks: [
          [
            { ...defaultBlock("text", "b1"), content: "Hello {{firstName}}" },
            { ...defaultComponentBlock("button", "BUTTON", "b2"), args: { text: "Go", url: "{{{ctaUrl}}}" } },
          ],
        ],
      },
    ];
    const preview = await renderPreview({ authoringMode: "BUILDER", subject: "Hi", preheader: "", builderJson: doc }, EXAMPLE_COMPONENTS, {
      firstName: "Ann",
      ctaUrl: "https://x.test/a",
    });
    expect(preview.html).toContain("Hello Ann");
    expect(squash(preview.html)).toContain(">Go<");
    expect(hrefs(preview.html)).toContain("https://x.test/a");
    expect(listPartials({ authoringMode: "BUILDER", subject: "Hi", preheader: "", builderJson: doc })).toEqual(["button"]);
  });

  it("turns an invalid block document into problems without lines", async () => {
    const problems = await problemsOf(compileTemplate({ authoringMode: "BUILDER", subject: "x", preheader: "", builderJson: { nope: 1 } }, []));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.line === undefined)).toBe(true);
  });
});

describe("prepareTemplate", () => {
  // A bare Handlebars compile of each part on its own: what the engine's single combined program must equal.
  function separately(compiled: { subject: string; html: string; text: string }, data: Record<string, unknown>) {
    const handlebars = createHandlebarsEnvironment();
    return {
      subject: handlebars.compile(compiled.subject, { noEscape: true })(data),
      html: handlebars.compile(compiled.html)(data),
      text: handlebars.compile(compiled.text, { noEscape: true })(data),
    };
  }

  const cases: Array<[string, { subject: string; html: string; text: string }, Record<string, unknown>]> = [
    [
      "standalone block tags at the edges of every part",
      {
        subject: "{{#if vip}}VIP {{/if}}{{name}} & co",
        html: "{{#if vip}}\n<p>{{name}}</p>\n{{/if}}\n<ul>\n  {{#each items}}\n  <li>{{@index}}: {{this}}</li>\n  {{/each}}\n</ul>\n{{#unless vip}}\nplain\n{{/unless}}",
        text: "{{#if vip}}\nDear {{name}},\n{{/if}}\n  {{~name~}}  \n{{#each items}}\n- {{this}}\n{{/each}}",
      },
      { vip: true, name: "A & <B>", items: ["x", "<y>"] },
    ],
    [
      "no data variables, sections and helpers",
      {
        subject: "{{upper plan}}",
        html: "{{#profile}}<b>{{age}}</b>{{/profile}}{{^profile}}none{{/profile}} {{formatNumber n 2}}",
        text: "{{default nick \"friend\"}}",
      },
      { plan: "pro", profile: { age: 3 }, n: 2, nick: "" },
    ],
  ];

  it.each(cases)("renders exactly like separate compiles: %s", (_name, parts, data) => {
    const email = prepareTemplate({ ...parts, variables: listVariables(parts) }).render(data);
    expect({ subject: email.subject, html: email.html, text: email.text }).toEqual(separately(parts, data));
  });

  it("keeps its part separator out of the output", async () => {
    const email = prepareTemplate(await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS)).render(exampleRecipient(1));
    expect(`${email.subject}${email.html}${email.text}`).not.toContain("\u0000");
    expect(email.subject.startsWith("Ann1")).toBe(true);
    expect(email.html.startsWith("<!doctype html>")).toBe(true);
    expect(email.text.startsWith("Hello ann1,")).toBe(true);
  });
});

describe("listPartials", () => {
  it("lists the components a version uses, directly or through other components", () => {
    const library: ComponentSource[] = [
      ...EXAMPLE_COMPONENTS,
      { name: "card", contentType: "MJML", variables: [], content: "<mj-text>card</mj-text>{{> button}}" },
    ];
    const source = mjml("<mj-body>{{> header}}{{#if x}}{{> card}}{{/if}}</mj-body>", { bodyText: "{{> footer}}" });
    expect(listPartials(source)).toEqual(["card", "footer", "header"]);
    expect(listPartials(source, library)).toEqual(["button", "card", "footer", "header"]);
    expect(listPartials("{{> a}} {{> b x=1}} {{> a}}")).toEqual(["a", "b"]);
    expect(listPartials("{{#if}")).toEqual([]);
  });
});

describe("renderComponentPreview", () => {
  it("renders a column-level MJML component in a section and column, with arguments over defaults", async () => {
    const button = EXAMPLE_COMPONENTS[1] as ComponentSource;
    const markup = await renderComponentPreview(button, EXAMPLE_COMPONENTS, { text: "Buy <now>", url: "https://shop.test/?a=1&b=2" });
    expect(squash(markup)).toContain(">Buy &lt;now&gt;<");
    expect(hrefs(markup).map(decode)).toContain("https://shop.test/?a=1&b=2");
    expect(markup).toContain("background:#2563eb");
  });

  it("renders a section-level component as is and shows the recipient variables it reads", async () => {
    const footer = EXAMPLE_COMPONENTS[2] as ComponentSource;
    const markup = await renderComponentPreview(footer, []);
    expect(markup).toContain("Acme Inc., 1 Main St, Springfield");
    expect(markup).toContain("You receive this as {{email}}.");
    expect(hrefs(markup)).toContain("{{unsubscribeUrl}}");
  });

  it("renders an unsaved edit of a component instead of the stored one, and HTML components as HTML", async () => {
    const edited: ComponentSource = { name: "header", contentType: "HTML", variables: [], content: '<p class="h">New header</p>' };
    const markup = await renderComponentPreview(edited, EXAMPLE_COMPONENTS);
    expect(markup).toBe('<p class="h">New header</p>');
  });

  it("refuses argument names that are not variable names", async () => {
    await expect(renderComponentPreview(EXAMPLE_COMPONENTS[1] as ComponentSource, [], { "a b": "x" })).rejects.toThrow(/args: "a b"/);
  });
});
