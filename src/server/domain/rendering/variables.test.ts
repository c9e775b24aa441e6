import { describe, expect, it } from "vitest";
import { listVariables } from "./variables";

describe("listVariables", () => {
  it("lists top-level path heads, including those in #if and as #each/#with parameters", () => {
    expect(listVariables("{{firstName}} {{user.plan}} {{{bio}}} {{#if vip}}{{code}}{{else}}{{fallback}}{{/if}}")).toEqual([
      "bio",
      "code",
      "fallback",
      "firstName",
      "user",
      "vip",
    ]);
  });

  it("ignores helper names, this, @data, block params and fields of #each items, but sees ../ and @root", () => {
    expect(
      listVariables(
        '{{formatDate signup "yyyy"}} {{upper (default nick name)}} {{#each orders as |order i|}}{{order.id}} {{i}} {{@index}} {{this}} {{total}} {{../currency}} {{@root.shop}}{{/each}} {{#with account}}{{owner}}{{/with}} {{this.top}}',
      ),
    ).toEqual(["account", "currency", "name", "nick", "orders", "shop", "signup", "top"]);
  });

  it("treats a section without parameters as a variable and its content as relative to it", () => {
    expect(listVariables("{{#profile}}{{age}}{{/profile}}{{^missing}}{{shown}}{{/missing}}")).toEqual(["missing", "profile", "shown"]);
  });

  it("reads hash values of helpers", () => {
    expect(listVariables('{{formatDate d "yyyy" timeZone=tz}}')).toEqual(["d", "tz"]);
  });

  it("unions subject, HTML and text of a compiled template", () => {
    expect(listVariables({ subject: "{{a}}", html: "<p>{{b}}</p>", text: "{{c}} {{a}}" })).toEqual(["a", "b", "c"]);
  });
});
