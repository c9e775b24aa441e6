import { type Expression, type PathExpression, type Program, type Statement, parseHandlebars } from "./handlebars-ast";
import { isHelperName } from "./helpers";
import type { CompiledTemplate } from "./types";

/** Variables the send pipeline provides to every recipient; never reported as missing. */
export const SYSTEM_VARIABLES: readonly string[] = ["unsubscribeUrl"];

export interface TemplateAnalysis {
  /** Top-level variables read from the recipient's data. */
  variables: Set<string>;
  /** Helpers called that the engine does not provide, with the line of their first use. */
  unknownHelpers: Map<string, number>;
  partials: Set<string>;
  /** Whether `@index`, `@root.x` or another data variable is read. */
  usesData: boolean;
}

/**
 * What a Handlebars program reads. A path counts as a top-level variable when it is resolved against the root
 * context: outside {{#each}}/{{#with}}, or reaching out with `../` or `@root.`; block params, `this` and data
 * variables (`@index`) are not variables, nor are helper names.
 */
export function analyzeProgram(program: Program): TemplateAnalysis {
  const analysis: TemplateAnalysis = { variables: new Set(), unknownHelpers: new Map(), partials: new Set(), usesData: false };

  const reference = (path: PathExpression, contextDepth: number, blockParams: string[][]) => {
    if (path.data) {
      analysis.usesData = true;
      if (path.parts[0] === "root" && path.parts[1]) analysis.variables.add(path.parts[1]);
      return;
    }
    const head = path.parts[0];
    if (head === undefined || path.depth !== contextDepth) return;
    if (path.depth === 0 && !path.original.startsWith("this") && blockParams.some((p) => p.includes(head))) return;
    analysis.variables.add(head);
  };

  const helper = (path: Expression) => {
    if (path.type !== "PathExpression") return;
    const known = !path.data && path.depth === 0 && path.parts.length === 1 && isHelperName(path.original);
    if (!known && !analysis.unknownHelpers.has(path.original)) analysis.unknownHelpers.set(path.original, path.loc.start.line);
  };

  const expression = (node: Expression, contextDepth: number, blockParams: string[][]) => {
    if (node.type === "PathExpression") reference(node, contextDepth, blockParams);
    else if (node.type === "SubExpression") call(node.path, node.params, node.hash?.pairs ?? [], contextDepth, blockParams);
  };

  const call = (
    path: Expression,
    params: Expression[],
    pairs: Array<{ value: Expression }>,
    contextDepth: number,
    blockParams: string[][],
  ) => {
    helper(path);
    for (const param of params) expression(param, contextDepth, blockParams);
    for (const pair of pairs) expression(pair.value, contextDepth, blockParams);
  };

  const visit = (statements: Statement[], contextDepth: number, blockParams: string[][]) => {
    for (const statement of statements) {
      switch (statement.type) {
        case "MustacheStatement": {
          const { path } = statement;
          if (statement.params.length > 0 || statement.hash) {
            call(path, statement.params, statement.hash?.pairs ?? [], contextDepth, blockParams);
          } else if (path.type === "PathExpression" && !(path.parts.length === 1 && !path.data && isHelperName(path.parts[0] ?? ""))) {
            reference(path, contextDepth, blockParams);
          }
          break;
        }
        case "BlockStatement": {
          const { path } = statement;
          const name = path.type === "PathExpression" ? path.original : "";
          const isSection = statement.params.length === 0 && !statement.hash && !isHelperName(name);
          if (isSection && path.type === "PathExpression") reference(path, contextDepth, blockParams);
          else call(path, statement.params, statement.hash?.pairs ?? [], contextDepth, blockParams);
          const changesContext = isSection || name === "each" || name === "with";
          const params = statement.program?.blockParams ?? [];
          if (statement.program) visit(statement.program.body, contextDepth + (changesContext ? 1 : 0), [...blockParams, params]);
          if (statement.inverse) visit(statement.inverse.body, contextDepth, blockParams);
          break;
        }
        case "PartialStatement":
        case "PartialBlockStatement":
          if (statement.name.type === "PathExpression") analysis.partials.add(statement.name.original);
          else if (statement.name.type === "StringLiteral") analysis.partials.add(statement.name.value);
          for (const pair of statement.hash?.pairs ?? []) expression(pair.value, contextDepth, blockParams);
          break;
        default:
          break;
      }
    }
  };

  visit(program.body, 0, []);
  return analysis;
}

/** The sorted top-level variables read by a Handlebars source, or by a compiled template's subject, HTML and text. */
export function listVariables(source: string | Pick<CompiledTemplate, "subject" | "html" | "text">): string[] {
  const sources = typeof source === "string" ? [source] : [source.subject, source.html, source.text];
  const all = new Set<string>();
  for (const text of sources) for (const name of analyzeProgram(parseHandlebars(text)).variables) all.add(name);
  return [...all].sort();
}
