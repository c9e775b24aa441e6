import { z } from "zod";
import type { SegmentParameter, SegmentParameterType } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import { normalizeParameterValue, parameterTypeDescriptions, type ParameterValue } from "../query-governor/parameter-values";

export type { ParameterValue };

export const SEGMENT_PARAMETER_TYPES = ["string", "number", "boolean", "date", "timestamp"] as const satisfies readonly SegmentParameterType[];
export const MAX_SEGMENT_PARAMETERS = 50;
export const PARAMETER_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type CoercionResult = { ok: true; value: ParameterValue } | { ok: false; message: string };

/** Turns a value from JSON or a form field into the parameter's type, with the governor's own rules. */
export function coerceParameterValue(type: SegmentParameterType, value: unknown): CoercionResult {
  const normalized = normalizeParameterValue(type, value);
  return normalized === undefined
    ? { ok: false, message: `${JSON.stringify(value)} is not ${parameterTypeDescriptions[type]}` }
    : { ok: true, value: normalized };
}

const parameterDefaultSchema = z.union([z.string(), z.number(), z.boolean()]).nullable().optional();

const rawParameterSchema = z.object({
  name: z
    .string("Parameter name is required")
    .trim()
    .min(1, "Parameter name is required")
    .max(63, "Parameter names must be at most 63 characters")
    .regex(PARAMETER_NAME_PATTERN, "Parameter names start with a letter or _ and contain only letters, digits and _"),
  type: z.enum(SEGMENT_PARAMETER_TYPES, `Parameter type must be one of ${SEGMENT_PARAMETER_TYPES.join(", ")}`),
  default: parameterDefaultSchema,
});

/** An empty default from a form means "no default" except for strings, where "" is a value. */
function hasDefault(parameter: z.infer<typeof rawParameterSchema>): boolean {
  if (parameter.default === undefined || parameter.default === null) return false;
  return !(parameter.type !== "string" && parameter.default === "");
}

/**
 * Declared parameters: valid unique names, a known type, and a default that fits the type (stored coerced). Every
 * problem names the parameter it is about.
 */
export const segmentParametersSchema = z
  .array(rawParameterSchema, "Parameters must be a list")
  .max(MAX_SEGMENT_PARAMETERS, `A segment can declare at most ${MAX_SEGMENT_PARAMETERS} parameters`)
  .superRefine((parameters, ctx) => {
    const seen = new Set<string>();
    parameters.forEach((parameter, index) => {
      if (seen.has(parameter.name)) {
        ctx.addIssue({ code: "custom", path: [index, "name"], message: `Parameter "${parameter.name}" is declared more than once` });
      }
      seen.add(parameter.name);
      if (!hasDefault(parameter)) return;
      const coerced = coerceParameterValue(parameter.type, parameter.default);
      if (!coerced.ok) {
        ctx.addIssue({ code: "custom", path: [index, "default"], message: `Parameter "${parameter.name}": default ${coerced.message}` });
      }
    });
  })
  .transform((parameters): SegmentParameter[] =>
    parameters.map((parameter) => {
      if (!hasDefault(parameter)) return { name: parameter.name, type: parameter.type };
      const coerced = coerceParameterValue(parameter.type, parameter.default);
      return coerced.ok ? { name: parameter.name, type: parameter.type, default: coerced.value } : { name: parameter.name, type: parameter.type };
    }),
  );

export const parameterValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]), "params must be an object of name → value");

/**
 * The values a run binds: given values coerced to their declared types, defaults for the rest. Unknown names and
 * parameters left without a value are refused, naming them.
 */
export function resolveParameterValues(parameters: SegmentParameter[], given: Record<string, unknown> = {}): Record<string, ParameterValue> {
  const declared = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  const unknown = Object.keys(given).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    const known = parameters.length > 0 ? `declared parameters: ${parameters.map((p) => p.name).join(", ")}` : "this segment declares no parameters";
    throw new DomainError("INVALID", `params: unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")} (${known})`);
  }
  const values: Record<string, ParameterValue> = {};
  const missing: string[] = [];
  for (const parameter of parameters) {
    const supplied = given[parameter.name];
    if (supplied !== undefined && !(supplied === "" && parameter.type !== "string")) {
      const coerced = coerceParameterValue(parameter.type, supplied);
      if (!coerced.ok) throw new DomainError("INVALID", `params: parameter "${parameter.name}": value ${coerced.message}`);
      values[parameter.name] = coerced.value;
    } else if (parameter.default !== undefined && parameter.default !== null) {
      values[parameter.name] = parameter.default;
    } else {
      missing.push(parameter.name);
    }
  }
  if (missing.length > 0) {
    throw new DomainError(
      "INVALID",
      `params: parameter${missing.length > 1 ? "s" : ""} ${missing.map((n) => `"${n}"`).join(", ")} need${missing.length > 1 ? "" : "s"} a value (no default declared)`,
    );
  }
  return values;
}
