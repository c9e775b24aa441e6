/**
 * The rendering engine: one code path for previews, test sends and real sends.
 *
 * - `compileTemplate` runs once per template version: components (`{{> name key=value}}`) are expanded, MJML is
 *   compiled to HTML (HTML mode: CSS inlined with juice), the preheader becomes hidden preview text, and the text part
 *   is generated from the HTML unless the author wrote one. The result is still Handlebars with only the recipient's
 *   variables left; problems come back as a TemplateCompileError with lines in the author's body.
 * - `prepareTemplate(compiled).render(data)` is the per-recipient path: one precompiled Handlebars call, no MJML,
 *   juice or html-to-text. `{{ }}` escapes HTML, `{{{ }}}` does not; the subject and the text part are plain text.
 * - HTML components used in MJML templates are wrapped in `<mj-raw>` (inlined as is inside mj-text, mj-button and
 *   other raw-content elements); MJML components in HTML templates are refused. Handlebars block tags placed between
 *   MJML elements are wrapped in `<mj-raw>` too, since MJML would drop them.
 * - Lines: expansion maps every line of the expanded body back to the author's line; an error inside a component is
 *   reported on the line that uses it, naming the component chain.
 */
export { compileTemplate } from "./compile";
export { compileCounterSnapshot } from "./counters";
export { TemplateCompileError } from "./errors";
export { TEMPLATE_HELPERS, type TemplateHelperInfo } from "./helpers";
export {
  listPartials,
  prepareTemplate,
  renderCompiledPreview,
  renderComponentPreview,
  renderPreview,
  type PreparedTemplate,
  type RenderedPreview,
} from "./engine";
export type { AuthoringMode, CompiledTemplate, ComponentSource, RenderedEmail, TemplateProblem, TemplateSource } from "./types";
export { listVariables, SYSTEM_VARIABLES } from "./variables";
