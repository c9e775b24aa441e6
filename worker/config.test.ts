import { describe, expect, it } from "vitest";
import { parseWorkerArgs } from "./config";

describe("parseWorkerArgs", () => {
  it("defaults the shutdown timeout to 30 s and accepts seconds, fractions included", () => {
    expect(parseWorkerArgs([])).toEqual({ shutdownTimeoutMs: 30_000 });
    expect(parseWorkerArgs(["--shutdown-timeout", "5"])).toEqual({ shutdownTimeoutMs: 5_000 });
    expect(parseWorkerArgs(["--shutdown-timeout=0.5"])).toEqual({ shutdownTimeoutMs: 500 });
  });

  it("rejects a non-positive or non-numeric timeout and unknown flags, naming them", () => {
    expect(() => parseWorkerArgs(["--shutdown-timeout", "0"])).toThrow('--shutdown-timeout must be a positive number of seconds, got "0"');
    expect(() => parseWorkerArgs(["--shutdown-timeout", "soon"])).toThrow(/got "soon"/);
    expect(() => parseWorkerArgs(["--shutdown-timeout", " "])).toThrow(/positive number/);
    expect(() => parseWorkerArgs(["--verbose"])).toThrow(/--verbose/);
  });
});
