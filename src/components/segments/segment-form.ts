export const PARAMETER_TYPES = ["string", "number", "boolean", "date", "timestamp"] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const PARAMETER_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface ParameterRow {
  /** Client-only identity so React keeps each row's inputs while rows are added and removed. */
  key: string;
  name: string;
  type: ParameterType;
  /** As typed; "" means no default. */
  default: string;
}

export interface SegmentFormValues {
  name: string;
  description: string;
  dataConnectorId: string;
  sqlQuery: string;
  parameters: ParameterRow[];
}

export interface SavedSegmentLike {
  name: string;
  description: string;
  dataConnectorId: string;
  sqlQuery: string;
  parameters: { name: string; type: ParameterType; default?: string | number | boolean | null }[];
}

export interface ParameterInput {
  name: string;
  type: ParameterType;
  default?: string;
}

let rowCounter = 0;
export function newParameterRow(partial: Partial<Omit<ParameterRow, "key">> = {}): ParameterRow {
  rowCounter += 1;
  return { key: `parameter-${rowCounter}`, name: "", type: "string", default: "", ...partial };
}

export const emptySegmentForm = (): SegmentFormValues => ({
  name: "",
  description: "",
  dataConnectorId: "",
  sqlQuery: "select subject_id, email\nfrom demo.customers\nwhere credits < :max_credits",
  parameters: [newParameterRow({ name: "max_credits", type: "number", default: "0" })],
});

export function toFormValues(segment: SavedSegmentLike): SegmentFormValues {
  return {
    name: segment.name,
    description: segment.description,
    dataConnectorId: segment.dataConnectorId,
    sqlQuery: segment.sqlQuery,
    parameters: segment.parameters.map((parameter) =>
      newParameterRow({
        name: parameter.name,
        type: parameter.type,
        default: parameter.default === undefined || parameter.default === null ? "" : String(parameter.default),
      }),
    ),
  };
}

/** The declared parameters as the API takes them; the server coerces defaults and names any that do not fit. */
export function toParameterInputs(rows: ParameterRow[]): ParameterInput[] {
  return rows.map((row) => ({ name: row.name.trim(), type: row.type, ...(row.default === "" ? {} : { default: row.default }) }));
}

/** Parameters the preview can ask a value for: well-formed names, first declaration wins. */
export function previewableParameters(rows: ParameterRow[]): ParameterRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const name = row.name.trim();
    if (!PARAMETER_NAME.test(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** Values typed for the preview; empty inputs are left out so the declared default applies. */
export function toPreviewParams(rows: ParameterRow[], values: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const row of previewableParameters(rows)) {
    const value = values[row.key] ?? "";
    if (value !== "") params[row.name.trim()] = value;
  }
  return params;
}

/** True when the form runs exactly the saved query, so a preview can be the saved segment's dry run. */
export function sameQueryAsSaved(values: SegmentFormValues, saved: SavedSegmentLike): boolean {
  const current = toParameterInputs(values.parameters);
  const stored = saved.parameters.map((p) => ({
    name: p.name,
    type: p.type,
    ...(p.default === undefined || p.default === null || p.default === "" ? {} : { default: String(p.default) }),
  }));
  return values.sqlQuery === saved.sqlQuery && values.dataConnectorId === saved.dataConnectorId && JSON.stringify(current) === JSON.stringify(stored);
}
