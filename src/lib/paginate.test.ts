import { describe, expect, it } from "vitest";
import { paginate } from "./paginate";

const items = Array.from({ length: 45 }, (_, i) => i + 1);

describe("paginate", () => {
  it("returns the rows of the requested page", () => {
    expect(paginate(items, 2, 20)).toEqual({ page: 2, rows: items.slice(20, 40), total: 45 });
    expect(paginate(items, 3, 20).rows).toEqual([41, 42, 43, 44, 45]);
  });

  it("clamps a page past the end to the last page, e.g. after deleting its only row", () => {
    expect(paginate(items.slice(0, 40), 3, 20).page).toBe(2);
    expect(paginate(items, 0, 20).page).toBe(1);
  });

  it("handles an empty list", () => {
    expect(paginate([], 1, 20)).toEqual({ page: 1, rows: [], total: 0 });
  });
});
