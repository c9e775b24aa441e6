import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { campaignGroups } from "./campaign-groups";
import { segments } from "./segments";
import { senderProfiles } from "./sender-profiles";
import { templates, templateVersions } from "./templates";

export const singleSendStatus = pgEnum("single_send_status", ["ACTIVE", "DRAFT", "PAUSED", "ARCHIVED"]);
export const scheduleType = pgEnum("schedule_type", ["MANUAL", "ONCE", "CRON"]);
export const runStatus = pgEnum("run_status", [
  "PENDING",
  "BUILDING",
  "READY",
  "SENDING",
  "PAUSED",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
]);
export const recipientStatus = pgEnum("recipient_status", [
  "queued",
  "sending",
  "sent",
  "skipped",
  "failed",
  "unconfirmed",
]);

export const singleSends = pgTable(
  "single_sends",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    campaignGroupId: uuid().references(() => campaignGroups.id, { onDelete: "set null" }),
    /** Lower number = higher priority within the campaign group. */
    priority: integer().notNull().default(100),
    segmentId: uuid()
      .notNull()
      .references(() => segments.id, { onDelete: "restrict" }),
    segmentParams: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    templateId: uuid()
      .notNull()
      .references(() => templates.id, { onDelete: "restrict" }),
    senderProfileId: uuid()
      .notNull()
      .references(() => senderProfiles.id, { onDelete: "restrict" }),
    status: singleSendStatus().notNull().default("ACTIVE"),
    scheduleType: scheduleType().notNull().default("MANUAL"),
    scheduledAt: timestamp({ withTimezone: true }),
    cronExpression: text(),
    timezone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.campaignGroupId, t.priority)],
);

export interface RunStats {
  total: number;
  queued: number;
  sent: number;
  failed: number;
  unconfirmed: number;
  skipped: Record<string, number>;
}

export const singleSendRuns = pgTable(
  "single_send_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    singleSendId: uuid()
      .notNull()
      .references(() => singleSends.id, { onDelete: "cascade" }),
    status: runStatus().notNull().default("PENDING"),
    /** Frozen at trigger: the collision engine compares runs by the group and priority they were queued with. */
    campaignGroupId: uuid().references(() => campaignGroups.id, { onDelete: "set null" }),
    priority: integer().notNull(),
    /** Runs triggered together (a campaign group trigger) share this id: all are built before any sends. */
    triggerId: uuid().notNull(),
    segmentParams: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    templateVersionId: uuid().references(() => templateVersions.id, { onDelete: "restrict" }),
    compiledSubject: text(),
    compiledHtml: text(),
    compiledText: text(),
    stats: jsonb().$type<RunStats>(),
    triggeredBy: text().notNull(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.singleSendId, t.createdAt), index().on(t.campaignGroupId, t.status), index().on(t.triggerId)],
);

export const singleSendRecipients = pgTable(
  "single_send_recipients",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /**
     * The run (single_send_runs.id). Not a foreign key: its per-row check was a quarter of a snapshot's write cost.
     * The snapshot, the only writer of new recipients, locks the run's row against deletion once per batch instead
     * (classify.ts `lockBuildingRun`), and a trigger on single_send_runs deletes a deleted run's recipients.
     */
    runId: uuid().notNull(),
    subjectId: text().notNull(),
    /** Normalised (trimmed, lower-cased) address; the original casing is not needed to deliver. */
    email: text().notNull(),
    variables: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: recipientStatus().notNull(),
    skipReason: text(),
    /** The send job that claimed the recipient; after a crash only that job's retry may judge its `sending` rows. */
    sendJobId: text(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    /** One live row per subject and run; later rows of the same subject are kept as skipped duplicates. */
    uniqueIndex("single_send_recipients_run_subject_unique")
      .on(t.runId, t.subjectId)
      .where(sql`${t.skipReason} is distinct from 'duplicate'`),
    /** Every read of one run: counts, filtered recipient pages, claims by id range, starting and completing a run. */
    index().on(t.runId, t.status, t.id),
    /**
     * Collision checks look for a subject held queued or being sent by another run: only those rows are indexed, so a
     * recipient leaves the index once sent or skipped and writing skipped rows never touches it.
     */
    index("single_send_recipients_pending_subject_index")
      .on(t.subjectId)
      .where(sql`${t.status} in ('queued', 'sending')`),
  ],
);
