import { describe, expect, it } from "vitest";
import { compileTemplate, prepareTemplate, TemplateCompileError, type ComponentSource } from "./index";
import { expandPartials } from "./partials";

function component(name: string, content: string, variables: Record<string, string> = {}, contentType: "MJML" | "HTML" = "HTML"): ComponentSource {
  return {
    name,
    contentType,
    content,
    variables: Object.entries(variables).map(([variable, defaultValue]) => ({
      name: variable,
      type: "string" as const,
      defaultValue,
      description: "",
    })),
  };
}

function expand(body: string, components: ComponentSource[], documentType: "MJML" | "HTML" = "HTML") {
  return expandPartials(body, components, documentType);
}

function expanded(body: string, components: ComponentSource[], documentType: "MJML" | "HTML" = "HTML"): string {
  const result = expand(body, components, documentType);
  expect(result.problems).toEqual([]);
  return result.text;
}

const button = component("button", '<a href="{{url}}" style="color:{{{color}}}">{{text}}</a>', {
  text: "Open",
  url: "https://example.com",
  color: "#2563eb",
});

describe("component arguments", () => {
  it("keeps a sub-expression argument with a quoted URL valid inside a double-quoted attribute", () => {
    const link = component("link", '<mj-button href="{{url}}">Go</mj-button>', { url: "" }, "MJML");
    expect(expanded('{{> link url=(default ctaUrl "https://acme.test/credits") }}', [link], "MJML")).toBe(
      "<mj-button href=\"{{default ctaUrl 'https://acme.test/credits'}}\">Go</mj-button>",
    );
  });

  it("uses the variables' defaults when no argument is given", () => {
    expect(expanded("{{> button}}", [button])).toBe('<a href="https://example.com" style="color:#2563eb">Open</a>');
  });

  it("lets literal arguments override defaults, escaped in {{ }} slots and raw in {{{ }}} slots", () => {
    expect(expanded('{{> button text="Add <Credits>" color="red;font-weight:bold" n=3}}', [button])).toBe(
      '<a href="https://example.com" style="color:red;font-weight:bold">Add &lt;Credits&gt;</a>',
    );
  });

  it("turns path, mustache and sub-expression arguments into recipient variables, escaped as the component's slot says", () => {
    expect(expanded("{{> button url=ctaUrl text=label color=brand}}", [button])).toBe(
      '<a href="{{ctaUrl}}" style="color:{{{brand}}}">{{label}}</a>',
    );
    // The design document's form: the component's {{url}} slot stays escaped even though the argument says {{{ }}}.
    expect(expanded('{{> button url="{{{ctaUrl}}}" text="{{name}}"}}', [button])).toBe(
      '<a href="{{ctaUrl}}" style="color:#2563eb">{{name}}</a>',
    );
    expect(expanded('{{> button text=(default firstName "friend")}}', [button])).toBe(
      `<a href="https://example.com" style="color:#2563eb">{{default firstName 'friend'}}</a>`,
    );
  });

  it("inlines text mixing words and mustaches with the words escaped for {{ }} slots", () => {
    expect(expanded('{{> button text="Hi {{{firstName}}} & <co>"}}', [button])).toBe(
      '<a href="https://example.com" style="color:#2563eb">Hi {{firstName}} &amp; &lt;co&gt;</a>',
    );
    const raw = component("raw", "<p>{{{body}}}</p>", { body: "" });
    expect(expanded('{{> raw body="<b>{{{firstName}}}</b>"}}', [raw])).toBe("<p><b>{{{firstName}}}</b></p>");
  });

  it("substitutes variables used as helper parameters and block conditions", () => {
    const badge = component("badge", '{{#if show}}<b>{{upper label}}</b>{{/if}}{{formatDate when "yyyy"}}', {
      show: "",
      label: "new",
      when: "",
    });
    expect(expanded("{{> badge show=true when=signupDate}}", [badge])).toBe(`{{#if true}}<b>{{upper 'new'}}</b>{{/if}}{{formatDate signupDate "yyyy"}}`);
    expect(expanded("{{> badge show=isVip label=plan when=(default since now)}}", [badge])).toBe(
      '{{#if isVip}}<b>{{upper plan}}</b>{{/if}}{{formatDate (default since now) "yyyy"}}',
    );
  });

  it("accepts a default value that is itself a recipient variable", () => {
    const sign = component("sign", "<p>{{who}}</p>", { who: "{{companyName}}" });
    expect(expanded("{{> sign}}", [sign])).toBe("<p>{{companyName}}</p>");
  });

  it("leaves the component's other variables to the recipient's data", () => {
    const footer = component("footer", '<a href="{{unsubscribeUrl}}">{{label}}</a> {{email}}', { label: "Unsubscribe" });
    expect(expanded("{{> footer}}", [footer])).toBe('<a href="{{unsubscribeUrl}}">Unsubscribe</a> {{email}}');
  });

  it("never lets a literal argument become Handlebars", () => {
    expect(expanded('{{> button text="\\{{x}}"}}', [button])).toBe('<a href="https://example.com" style="color:#2563eb">\\{{x}}</a>');
  });

  it("keeps the partial's context inside author blocks, so per-item variables work", async () => {
    const compiled = await compileTemplate(
      { authoringMode: "HTML", subject: "s", preheader: "", bodyHtml: "{{#each links}}{{> button url=href text=title}}{{/each}}" },
      [button],
    );
    const email = prepareTemplate(compiled).render({
      links: [
        { href: "https://a.test", title: "A" },
        { href: "https://b.test", title: "B & C" },
      ],
    });
    expect(email.html).toBe('<a href="https://a.test" style="color:#2563eb">A</a><a href="https://b.test" style="color:#2563eb">B &amp; C</a>');
  });

  it("renders the escaping end to end: a {{ }} slot escapes a recipient's markup, a {{{ }}} slot does not", async () => {
    const compiled = await compileTemplate(
      { authoringMode: "HTML", subject: "s", preheader: "", bodyHtml: '{{> button text="{{{name}}}" color=css}}' },
      [button],
    );
    const email = prepareTemplate(compiled).render({ name: "<script>x</script>", css: "red;background:url(x)" });
    expect(email.html).toContain(">&lt;script&gt;x&lt;/script&gt;</a>");
    expect(email.html).toContain('style="color:red;background:url(x)"');
  });
});

describe("nesting", () => {
  const card = component("card", '<div class="card"><h2>{{title}}</h2>{{> button text=cta url=link}}</div>', {
    title: "Card",
    cta: "More",
    link: "#",
  });

  it("expands components used by components, passing the outer arguments through", () => {
    expect(expanded('{{> card title="Offer" link=offerUrl}}', [card, button])).toBe(
      '<div class="card"><h2>Offer</h2><a href="{{offerUrl}}" style="color:#2563eb">More</a></div>',
    );
    expect(expanded('{{> card link="{{{offerUrl}}}" cta="Hi {{name}}"}}', [card, button])).toBe(
      '<div class="card"><h2>Card</h2><a href="{{offerUrl}}" style="color:#2563eb">Hi {{name}}</a></div>',
    );
  });

  it("reports a cycle with its chain", () => {
    const a = component("a", "<p>{{> b}}</p>");
    const b = component("b", "<p>{{> a}}</p>");
    const { problems } = expand("x\n{{> a}}", [a, b]);
    expect(problems).toEqual([{ message: 'In component "a" → "b" line 1: Components include each other in a cycle: a → b → a.', line: 2 }]);
    const self = component("self", "{{> self}}");
    expect(expand("{{> self}}", [self]).problems[0]?.message).toContain("self → self");
  });
});

describe("errors", () => {
  it("names an unknown partial and lists the available components", () => {
    expect(expand("<p>\n{{> buton text=x}}</p>", [button, component("footer", "f")]).problems).toEqual([
      { message: 'Unknown component "buton". Available components: button, footer.', line: 2 },
    ]);
    expect(expand("{{> header}}", []).problems).toEqual([{ message: 'Unknown component "header". No components exist yet.', line: 1 }]);
  });

  it("refuses partial blocks, dynamic partials, positional arguments and inline partials", () => {
    const messages = (body: string) => expand(body, [button]).problems.map((p) => p.message);
    expect(messages("{{#> button}}x{{/button}}")).toEqual([expect.stringContaining("Partial blocks")]);
    expect(messages("{{> (lookup . 'name')}}")).toEqual([expect.stringContaining("Dynamic partials")]);
    expect(messages("{{> button ctx}}")).toEqual([expect.stringContaining('as name=value pairs ({{> button text="…" url=ctaUrl}})')]);
    expect(messages("{{#*inline \"x\"}}y{{/inline}}")).toEqual([expect.stringContaining("Inline partials")]);
  });

  it("reports syntax errors inside a component on the line that uses it", () => {
    const broken = component("broken", "<p>\n{{#if x}}</p>");
    expect(expand("a\nb\n{{> broken}}", [broken]).problems).toEqual([
      { message: expect.stringMatching(/^In component "broken" line 2: Handlebars syntax error/), line: 3 },
    ]);
  });

  it("refuses an expression argument used inside the component's own #each", () => {
    const list = component("list", "{{#each items}}<a href=\"{{url}}\">{{name}}</a>{{/each}}", { url: "#" });
    expect(expanded("{{> list}}", [list])).toBe('{{#each items}}<a href="#">{{name}}</a>{{/each}}');
    expect(expand("{{> list url=ctaUrl}}", [list]).problems[0]?.message).toContain("inside {{#each}}/{{#with}}");
  });

  it("refuses MJML components in HTML templates", async () => {
    const section = component("hero", "<mj-section></mj-section>", {}, "MJML");
    const error = await compileTemplate({ authoringMode: "HTML", subject: "s", preheader: "", bodyHtml: "<p>\n{{> hero}}</p>" }, [section]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplateCompileError);
    expect((error as TemplateCompileError).problems).toEqual([{ message: expect.stringContaining('"hero" is written in MJML'), line: 2 }]);
  });
});

describe("HTML components inside MJML", () => {
  const snippet = component("legal", "<p style=\"font-size:10px\">{{text}}</p>", { text: "Terms apply." });

  it("are wrapped in <mj-raw> where MJML expects elements, and inlined as is inside content elements", () => {
    expect(expanded("<mj-body>{{> legal}}<mj-section><mj-column><mj-text>{{> legal}}</mj-text>{{> legal}}</mj-column></mj-section></mj-body>", [snippet], "MJML")).toBe(
      '<mj-body><mj-raw><p style="font-size:10px">Terms apply.</p></mj-raw><mj-section><mj-column><mj-text><p style="font-size:10px">Terms apply.</p></mj-text><mj-raw><p style="font-size:10px">Terms apply.</p></mj-raw></mj-column></mj-section></mj-body>',
    );
  });

  it("compile to valid MJML in both places", async () => {
    const compiled = await compileTemplate(
      {
        authoringMode: "MJML",
        subject: "s",
        preheader: "",
        bodyMjml: '<mj-body>{{> legal text="{{terms}}"}}<mj-section><mj-column><mj-text>{{> legal}}</mj-text></mj-column></mj-section></mj-body>',
      },
      [snippet],
    );
    const email = prepareTemplate(compiled).render({ terms: "T&C" });
    expect(email.html).toContain('<p style="font-size:10px">T&amp;C</p>');
    expect(email.html).toContain('<p style="font-size:10px">Terms apply.</p>');
  });
});

describe("line mapping", () => {
  it("maps every expanded line back to the author's line, attributing component lines to the line using them", () => {
    const multi = component("multi", "<a>\n<b>\n<c>");
    const result = expand("one\n{{> multi}} tail\nthree\n  {{> multi}}", [multi]);
    expect(result.text).toBe("one\n<a>\n<b>\n<c> tail\nthree\n  <a>\n<b>\n<c>");
    expect(result.lineOrigins).toEqual([
      { line: 1, components: [] },
      { line: 2, components: ["multi"] },
      { line: 2, components: ["multi"] },
      { line: 2, components: ["multi"] },
      { line: 3, components: [] },
      { line: 4, components: ["multi"] },
      { line: 4, components: ["multi"] },
      { line: 4, components: ["multi"] },
    ]);
  });
});
