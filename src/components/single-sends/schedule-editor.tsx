"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";

export type ScheduleType = "MANUAL" | "ONCE" | "CRON";

export interface ScheduleValues {
  type: ScheduleType;
  /** `<input type="datetime-local">` value, browser time zone. */
  onceAt: string;
  cron: string;
  timezone: string;
}

export type ScheduleErrors = Partial<Record<"schedule.type" | "schedule.at" | "schedule.cron" | "schedule.timezone", string>>;

const PREVIEW_DELAY_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** The next fire times as the server computes them (the scheduler uses the same parser), or why it cannot. */
function CronPreview({ cron, timezone, showProblem }: { cron: string; timezone: string; showProblem: boolean }) {
  const trpc = useTRPC();
  const input = useDebounced({ cron: cron.trim(), timezone }, PREVIEW_DELAY_MS);
  const preview = useQuery(trpc.singleSends.previewSchedule.queryOptions(input, { enabled: input.cron !== "" && input.timezone !== "" }));
  if (input.cron === "") return null;
  if (preview.isPending) return <p className="text-sm text-muted-foreground">Working out the next runs…</p>;
  if (preview.isError) return null;
  if (!preview.data.ok) {
    if (!showProblem) return null;
    return (
      <p className="text-sm text-destructive" role="status">
        {preview.data.message}
      </p>
    );
  }
  return (
    <div className="space-y-1 text-sm" role="status" aria-live="polite">
      <p className="text-muted-foreground">Next runs ({timezone}, shown in your time):</p>
      <ul className="list-inside list-disc tabular-nums">
        {preview.data.fireTimes.map((time) => (
          <li key={time.toISOString()}>{formatDateTime(time)}</li>
        ))}
      </ul>
    </div>
  );
}

export function ScheduleEditor({
  values,
  onChange,
  errors,
  timeZones,
}: {
  values: ScheduleValues;
  onChange: (values: ScheduleValues) => void;
  errors: ScheduleErrors;
  timeZones: string[];
}) {
  const set = (change: Partial<ScheduleValues>) => onChange({ ...values, ...change });
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Tabs value={values.type} onValueChange={(type) => set({ type: type as ScheduleType })} className="gap-4">
      <TabsList aria-label="Schedule type">
        <TabsTrigger value="MANUAL">Manual</TabsTrigger>
        <TabsTrigger value="ONCE">Once</TabsTrigger>
        <TabsTrigger value="CRON">Recurring (cron)</TabsTrigger>
      </TabsList>
      {errors["schedule.type"] ? <p className="text-sm text-destructive">{errors["schedule.type"]}</p> : null}
      <TabsContent value="MANUAL">
        <p className="text-sm text-muted-foreground">Runs only when someone presses “Trigger now” or calls the API.</p>
      </TabsContent>
      <TabsContent value="ONCE">
        <FormField id="single-send-once-at" label="Send at" error={errors["schedule.at"]} hint={`In your time zone (${browserZone}). Must be in the future.`}>
          <Input type="datetime-local" className="max-w-xs" value={values.onceAt} onChange={(event) => set({ onceAt: event.target.value })} />
        </FormField>
      </TabsContent>
      <TabsContent value="CRON" className="grid gap-4">
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField
            id="single-send-cron"
            label="Cron expression"
            error={errors["schedule.cron"]}
            hint="minute hour day-of-month month day-of-week, e.g. 0 9 * * 1 for Mondays at 09:00."
          >
            <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="0 9 * * 1" value={values.cron} onChange={(event) => set({ cron: event.target.value })} />
          </FormField>
          <FormField id="single-send-timezone" label="Time zone" error={errors["schedule.timezone"]} hint="The cron expression is read in this zone, daylight saving included.">
            {(control) => (
              <Select value={values.timezone} onValueChange={(timezone) => set({ timezone })}>
                <SelectTrigger {...control}>
                  <SelectValue placeholder="Choose a time zone" />
                </SelectTrigger>
                <SelectContent className="max-h-80">
                  {timeZones.map((zone) => (
                    <SelectItem key={zone} value={zone}>
                      {zone}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
        </div>
        {/* A field error from the last save already says what the preview would; edits clear it. */}
        <CronPreview cron={values.cron} timezone={values.timezone} showProblem={!errors["schedule.cron"] && !errors["schedule.timezone"]} />
      </TabsContent>
    </Tabs>
  );
}
