import { DomainError } from "@/server/lib/errors";
import type { TemplateProblem } from "./types";

/** Compiling failed (invalid MJML, unknown partial, a cycle, bad Handlebars); every problem is listed with its line. */
export class TemplateCompileError extends DomainError {
  constructor(readonly problems: TemplateProblem[]) {
    super(
      "INVALID",
      problems.map((p) => (p.line === undefined ? p.message : `Line ${p.line}: ${p.message}`)).join("; "),
      { problems },
    );
    this.name = "TemplateCompileError";
  }
}
