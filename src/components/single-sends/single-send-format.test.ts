import { describe, expect, it } from "vitest";
import {
  canPauseRun,
  fieldMessages,
  fromDateTimeLocal,
  isLiveRun,
  runProgress,
  scheduleLabel,
  skippedBreakdown,
  skipReasonLabel,
  toDateTimeLocal,
  type RunCounts,
  type RunStatus,
} from "./single-send-format";

const counts = (overrides: Partial<RunCounts> = {}): RunCounts => ({
  total: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  unconfirmed: 0,
  skipped: 0,
  skippedByReason: {},
  ...overrides,
});

describe("run progress", () => {
  it("counts every end state as done and rounds down", () => {
    expect(runProgress(counts({ total: 3, sent: 1, queued: 2 }))).toEqual({ done: 1, total: 3, percent: 33 });
    expect(runProgress(counts({ total: 4, sent: 1, failed: 1, unconfirmed: 1, skipped: 1 }))).toEqual({ done: 4, total: 4, percent: 100 });
    expect(runProgress(counts({ total: 200, sent: 199, sending: 1 })).percent).toBe(99);
    expect(runProgress(counts())).toEqual({ done: 0, total: 0, percent: 0 });
  });

  it("polls only while a run can still change by itself", () => {
    const live: RunStatus[] = ["PENDING", "BUILDING", "READY", "SENDING"];
    const settled: RunStatus[] = ["PAUSED", "COMPLETED", "FAILED", "CANCELLED"];
    expect(live.every(isLiveRun)).toBe(true);
    expect(settled.some(isLiveRun)).toBe(false);
  });

  it("offers pause only where the engine allows it", () => {
    expect(canPauseRun("SENDING")).toBe(true);
    expect(canPauseRun("READY")).toBe(true);
    expect(canPauseRun("BUILDING")).toBe(false);
    expect(canPauseRun("PAUSED")).toBe(false);
  });
});

describe("skip reasons", () => {
  it("labels known reasons and keeps unknown ones readable", () => {
    expect(skipReasonLabel("collision:lower_priority")).toBe("Collision: lower priority");
    expect(skipReasonLabel("something:new")).toBe("something:new");
  });

  it("orders the breakdown by count, then label", () => {
    expect(skippedBreakdown(counts({ skippedByReason: { duplicate: 2, invalid_email: 5, "suppression:bounce": 2 } }))).toEqual([
      { reason: "invalid_email", label: "Invalid email", count: 5 },
      { reason: "duplicate", label: "Duplicate", count: 2 },
      { reason: "suppression:bounce", label: "Suppressed: bounce", count: 2 },
    ]);
  });
});

describe("schedules", () => {
  it("describes each schedule type", () => {
    expect(scheduleLabel({ type: "MANUAL" })).toBe("Manual");
    expect(scheduleLabel({ type: "CRON", cron: "0 9 * * 1", timezone: "Europe/Berlin" })).toBe("Cron 0 9 * * 1 (Europe/Berlin)");
    expect(scheduleLabel({ type: "ONCE", at: new Date("2025-06-01T09:00:00Z") })).toMatch(/^Once, .*2025/);
  });

  it("round-trips datetime-local values in the browser's time zone", () => {
    const date = new Date(2025, 5, 1, 9, 30);
    expect(toDateTimeLocal(date)).toBe("2025-06-01T09:30");
    expect(fromDateTimeLocal("2025-06-01T09:30")).toBe(date.toISOString());
    expect(fromDateTimeLocal("")).toBeNull();
    expect(fromDateTimeLocal("2025-13-45T99:99")).toBeNull();
    expect(fromDateTimeLocal("tomorrow")).toBeNull();
  });
});

describe("server messages", () => {
  const fields = ["name", "schedule.cron", "segmentParams"];

  it("splits field-prefixed messages and keeps the rest for the form", () => {
    expect(fieldMessages('schedule.cron: "x" is not valid; name: Name is required', fields)).toEqual({
      "schedule.cron": '"x" is not valid',
      name: "Name is required",
    });
    expect(fieldMessages('segmentParams: parameter "plan": value "a; b" is not a number', fields)).toEqual({
      segmentParams: 'parameter "plan": value "a; b" is not a number',
    });
    expect(fieldMessages("Single send X was not found", fields)).toEqual({ form: "Single send X was not found" });
    expect(fieldMessages("priority: must be a number", fields)).toEqual({ form: "priority: must be a number" });
  });
});
