import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  cronProblem,
  nextCronOccurrences,
  nextRunAt,
  previewCronSchedule,
  sameSchedule,
  scheduleFromColumns,
  scheduleInPastProblem,
  scheduleSchema,
  scheduleToColumns,
  timeZoneNames,
  type Schedule,
} from "./schedule";

const NOW = new Date("2025-03-28T12:00:00Z");

describe("time zones", () => {
  it("accepts IANA names in any case and returns the canonical spelling", () => {
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone(" UTC ")).toBe("UTC");
  });

  it("refuses unknown names, empty input and UTC offsets", () => {
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
    expect(canonicalTimeZone("+02:00")).toBeNull();
    expect(canonicalTimeZone("-0500")).toBeNull();
  });

  it("offers UTC first, then Intl's zones, each once", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names).toContain("America/New_York");
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("cron expressions", () => {
  it("computes fire times in the schedule's time zone, across a daylight saving change", () => {
    // Berlin moves from UTC+1 to UTC+2 on 2025-03-30.
    expect(nextCronOccurrences("0 9 * * *", "Europe/Berlin", 3, NOW).map((d) => d.toISOString())).toEqual([
      "2025-03-29T08:00:00.000Z",
      "2025-03-30T07:00:00.000Z",
      "2025-03-31T07:00:00.000Z",
    ]);
  });

  it("explains what is wrong", () => {
    expect(cronProblem("0 9 * * 1", "UTC")).toBeNull();
    expect(cronProblem("*/5 * * * *", "UTC")).toBeNull();
    expect(cronProblem("", "UTC")).toMatch(/^Enter a cron expression/);
    expect(cronProblem("61 * * * *", "UTC")).toMatch(/^"61 \* \* \* \*" is not a valid cron expression \(.*61.*\); use five fields/);
    expect(cronProblem("every monday", "UTC")).toMatch(/is not a valid cron expression/);
    expect(cronProblem("* * * * * *", "UTC")).toMatch(/fires more than once a minute/);
    expect(cronProblem("0,30 * * * * *", "UTC")).toMatch(/fires more than once a minute/);
    expect(cronProblem("x".repeat(201), "UTC")).toBe("Must be at most 200 characters");
  });

  it("previews the next fire times or names the wrong field", () => {
    // 12:00Z is 08:00 in New York (EDT): 08:30 this Friday, then Monday.
    expect(previewCronSchedule("30 8 * * 1-5", "america/new_york", 2, NOW)).toEqual({
      ok: true,
      fireTimes: [new Date("2025-03-28T12:30:00Z"), new Date("2025-03-31T12:30:00Z")],
    });
    expect(previewCronSchedule("0 9 * * *", "Nowhere/City", 3, NOW)).toMatchObject({ ok: false, field: "timezone" });
    expect(previewCronSchedule("0 25 * * *", "UTC", 3, NOW)).toMatchObject({ ok: false, field: "cron" });
  });
});

describe("schedule input", () => {
  it("parses each shape, canonicalising the time zone and reading dates", () => {
    expect(scheduleSchema.parse({ type: "MANUAL" })).toEqual({ type: "MANUAL" });
    expect(scheduleSchema.parse({ type: "ONCE", at: "2030-01-01T09:00:00+01:00" })).toEqual({ type: "ONCE", at: new Date("2030-01-01T08:00:00Z") });
    expect(scheduleSchema.parse({ type: "CRON", cron: " 0 9 * * 1 ", timezone: "asia/tokyo" })).toEqual({ type: "CRON", cron: "0 9 * * 1", timezone: "Asia/Tokyo" });
  });

  it("parses an already parsed schedule unchanged", () => {
    const parsed = scheduleSchema.parse({ type: "ONCE", at: "2030-01-01T09:00:00Z" });
    expect(scheduleSchema.parse(parsed)).toEqual(parsed);
  });

  it("reports problems on the field they concern", () => {
    const issues = (value: unknown) => {
      const result = scheduleSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
    };
    expect(issues({ type: "ONCE", at: "2030-01-01" })).toEqual([["at", "Enter an ISO 8601 date-time with a time zone, e.g. 2025-06-01T09:00:00Z"]]);
    expect(issues({ type: "ONCE" })).toEqual([["at", "Enter an ISO 8601 date-time with a time zone, e.g. 2025-06-01T09:00:00Z"]]);
    expect(issues({ type: "CRON", cron: "0 9 * * *", timezone: "Atlantis" })[0]?.[0]).toBe("timezone");
    expect(issues({ type: "CRON", cron: "nope", timezone: "UTC" })[0]?.[0]).toBe("cron");
    expect(issues({ type: "HOURLY" })).toEqual([["type", "Schedule type must be MANUAL, ONCE or CRON"]]);
  });

  it("refuses a ONCE time that is not ahead of now", () => {
    expect(scheduleInPastProblem({ type: "ONCE", at: new Date("2025-03-28T11:59:59Z") }, NOW)).toBe(
      "schedule.at: 2025-03-28T11:59:59.000Z is in the past; choose a future time or a MANUAL schedule",
    );
    expect(scheduleInPastProblem({ type: "ONCE", at: NOW }, NOW)).not.toBeNull();
    expect(scheduleInPastProblem({ type: "ONCE", at: new Date("2025-03-28T12:00:01Z") }, NOW)).toBeNull();
    expect(scheduleInPastProblem({ type: "MANUAL" }, NOW)).toBeNull();
  });
});

describe("columns and next run", () => {
  const schedules: Schedule[] = [
    { type: "MANUAL" },
    { type: "ONCE", at: new Date("2025-04-01T09:00:00Z") },
    { type: "CRON", cron: "0 9 * * 1", timezone: "Europe/Berlin" },
  ];

  it("maps every schedule to the columns and back", () => {
    for (const schedule of schedules) expect(scheduleFromColumns(scheduleToColumns(schedule))).toEqual(schedule);
    expect(scheduleToColumns({ type: "CRON", cron: "0 9 * * 1", timezone: "UTC" })).toEqual({
      scheduleType: "CRON",
      scheduledAt: null,
      cronExpression: "0 9 * * 1",
      timezone: "UTC",
    });
    expect(scheduleFromColumns({ scheduleType: "CRON", scheduledAt: null, cronExpression: null, timezone: "UTC" })).toEqual({ type: "MANUAL" });
  });

  it("compares schedules by what they fire", () => {
    expect(sameSchedule({ type: "ONCE", at: new Date("2025-04-01T09:00:00Z") }, { type: "ONCE", at: new Date("2025-04-01T09:00:00.000Z") })).toBe(true);
    expect(sameSchedule({ type: "ONCE", at: new Date("2025-04-01T09:00:00Z") }, { type: "ONCE", at: new Date("2025-04-01T09:00:01Z") })).toBe(false);
    expect(sameSchedule({ type: "CRON", cron: "0 9 * * 1", timezone: "UTC" }, { type: "CRON", cron: "0 9 * * 1", timezone: "Europe/Berlin" })).toBe(false);
    expect(sameSchedule({ type: "MANUAL" }, { type: "ONCE", at: NOW })).toBe(false);
  });

  it("gives the next run only for ACTIVE sends with a time ahead", () => {
    const [manual, once, cron] = schedules as [Schedule, Schedule, Schedule];
    expect(nextRunAt("ACTIVE", manual, NOW)).toBeNull();
    expect(nextRunAt("ACTIVE", once, NOW)).toEqual(new Date("2025-04-01T09:00:00Z"));
    expect(nextRunAt("ACTIVE", once, new Date("2025-04-02T00:00:00Z"))).toBeNull();
    expect(nextRunAt("ACTIVE", cron, NOW)).toEqual(new Date("2025-03-31T07:00:00Z"));
    for (const status of ["DRAFT", "PAUSED", "ARCHIVED"]) expect(nextRunAt(status, cron, NOW)).toBeNull();
  });
});
