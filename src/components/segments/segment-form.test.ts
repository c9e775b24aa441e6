import { describe, expect, it } from "vitest";
import { newParameterRow, previewableParameters, sameQueryAsSaved, toFormValues, toParameterInputs, toPreviewParams } from "./segment-form";

const saved = {
  name: "Low credits",
  description: "",
  dataConnectorId: "c1",
  sqlQuery: "select subject_id, email from demo.customers where credits < :max",
  parameters: [
    { name: "max", type: "number" as const, default: 5 },
    { name: "plan", type: "string" as const },
  ],
};

describe("segment form helpers", () => {
  it("round-trips a saved segment and recognises it as unchanged", () => {
    const values = toFormValues(saved);
    expect(values.parameters.map((p) => p.default)).toEqual(["5", ""]);
    expect(toParameterInputs(values.parameters)).toEqual([{ name: "max", type: "number", default: "5" }, { name: "plan", type: "string" }]);
    expect(sameQueryAsSaved(values, saved)).toBe(true);
    expect(sameQueryAsSaved({ ...values, sqlQuery: `${values.sqlQuery} ` }, saved)).toBe(false);
    expect(sameQueryAsSaved({ ...values, parameters: values.parameters.slice(1) }, saved)).toBe(false);
  });

  it("asks preview values only for well-formed, first-declared names and leaves empty values to the default", () => {
    const rows = [newParameterRow({ name: "max" }), newParameterRow({ name: "1bad" }), newParameterRow({ name: "max" }), newParameterRow({ name: " plan " })];
    expect(previewableParameters(rows).map((r) => r.name)).toEqual(["max", " plan "]);
    const values = { [rows[0]!.key]: "7", [rows[3]!.key]: "" };
    expect(toPreviewParams(rows, values)).toEqual({ max: "7" });
  });
});
