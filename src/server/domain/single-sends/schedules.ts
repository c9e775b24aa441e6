import { eq } from "drizzle-orm";
import type { JobSchedulerTemplateOptions } from "bullmq";
import { singleSends } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import type { Queues } from "@/server/queue/queues";
import { jobDefinitions, type ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { systemActor } from "../auth/actor";
import { scheduleFromColumns, type Schedule } from "./schedule";
import { triggerSingleSend } from "./trigger";

export const SCHEDULED_TRIGGER_JOB = "scheduled-trigger";
const SCHEDULER_ID_PREFIX = "single-send:";

/**
 * The interval of a ONCE scheduler. `limit: 1` stops it after its first job, so the value only has to be a valid
 * interval; a day keeps it obviously harmless.
 */
const ONCE_INTERVAL_MS = 24 * 3600 * 1000;

export const schedulerIdOf = (singleSendId: string) => `${SCHEDULER_ID_PREFIX}${singleSendId}`;

export interface SchedulableSend {
  id: string;
  status: string;
  schedule: Schedule;
}

function schedulerQueue(queues: Queues) {
  return queues.get(jobDefinitions[SCHEDULED_TRIGGER_JOB].queue);
}

function jobTemplate(singleSendId: string) {
  const { attempts, backoff, removeOnComplete, removeOnFail } = jobDefinitions[SCHEDULED_TRIGGER_JOB].options;
  const opts: JobSchedulerTemplateOptions = { attempts, backoff, removeOnComplete, removeOnFail };
  const data: ParsedJobPayload<typeof SCHEDULED_TRIGGER_JOB> = { singleSendId };
  return { name: SCHEDULED_TRIGGER_JOB, data, opts };
}

/**
 * Makes the BullMQ job scheduler of one single send match it: ACTIVE + CRON fires on the pattern in its time zone,
 * ACTIVE + ONCE fires once at its time if that is still ahead, anything else has no scheduler. Safe to repeat.
 */
export async function syncSchedule(queues: Queues, send: SchedulableSend, now: Date = new Date()): Promise<void> {
  const queue = schedulerQueue(queues);
  const id = schedulerIdOf(send.id);
  const { schedule } = send;
  if (send.status === "ACTIVE" && schedule.type === "CRON") {
    await queue.upsertJobScheduler(id, { pattern: schedule.cron, tz: schedule.timezone }, jobTemplate(send.id));
    return;
  }
  // An interval scheduler keeps its first fire time when upserted again, so a changed ONCE time needs a fresh one.
  await queue.removeJobScheduler(id);
  if (send.status === "ACTIVE" && schedule.type === "ONCE" && schedule.at.getTime() > now.getTime()) {
    await queue.upsertJobScheduler(id, { every: ONCE_INTERVAL_MS, startDate: schedule.at, limit: 1 }, jobTemplate(send.id));
  }
}

/**
 * Rebuilds every single send's scheduler from the database and drops schedulers of sends that no longer exist, for a
 * Redis that lost its data or missed an update. Returns how many schedulers exist afterwards.
 */
export async function reconcileSchedules(services: Pick<Services, "db" | "queues">): Promise<number> {
  const queue = schedulerQueue(services.queues);
  const rows = await services.db
    .select({
      id: singleSends.id,
      status: singleSends.status,
      scheduleType: singleSends.scheduleType,
      scheduledAt: singleSends.scheduledAt,
      cronExpression: singleSends.cronExpression,
      timezone: singleSends.timezone,
    })
    .from(singleSends);
  const sendIds = new Set(rows.map((row) => schedulerIdOf(row.id)));
  const existing = new Set((await queue.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key));
  for (const key of existing) {
    if (key.startsWith(SCHEDULER_ID_PREFIX) && !sendIds.has(key)) await queue.removeJobScheduler(key);
  }
  for (const row of rows) {
    const wanted = row.status === "ACTIVE" && row.scheduleType !== "MANUAL";
    if (wanted || existing.has(schedulerIdOf(row.id))) {
      await syncSchedule(services.queues, { id: row.id, status: row.status, schedule: scheduleFromColumns(row) });
    }
  }
  return queue.getJobSchedulersCount();
}

export type ScheduledTriggerOutcome =
  | { triggered: true; runId: string }
  | { triggered: false; reason: "deleted" | "not_active" | "not_scheduled" | "run_in_progress"; message: string };

/**
 * The "scheduled-trigger" job. The database, not the scheduler, decides: a send deleted, paused, archived, made manual
 * or still busy with its previous run since the scheduler was set is skipped with a log line, not failed.
 */
export async function runScheduledTrigger(
  services: Services,
  payload: ParsedJobPayload<typeof SCHEDULED_TRIGGER_JOB>,
): Promise<ScheduledTriggerOutcome> {
  const { singleSendId } = payload;
  const log = logger().child({ job: SCHEDULED_TRIGGER_JOB, singleSendId });
  const skip = (reason: Exclude<ScheduledTriggerOutcome, { triggered: true }>["reason"], message: string): ScheduledTriggerOutcome => {
    log.info({ reason }, `scheduled trigger skipped: ${message}`);
    return { triggered: false, reason, message };
  };

  const [send] = await services.db
    .select({ name: singleSends.name, status: singleSends.status, scheduleType: singleSends.scheduleType })
    .from(singleSends)
    .where(eq(singleSends.id, singleSendId));
  if (!send) return skip("deleted", "the single send no longer exists");
  if (send.status !== "ACTIVE") return skip("not_active", `single send "${send.name}" is ${send.status}`);
  if (send.scheduleType === "MANUAL") return skip("not_scheduled", `single send "${send.name}" is triggered manually now`);

  try {
    const run = await triggerSingleSend(services, systemActor("schedule"), singleSendId);
    log.info({ runId: run.id }, "scheduled trigger started a run");
    return { triggered: true, runId: run.id };
  } catch (error) {
    if (error instanceof DomainError && error.code === "CONFLICT") return skip("run_in_progress", error.message);
    throw error;
  }
}
