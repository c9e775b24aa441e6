import { bigint, bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { campaignGroups } from "./campaign-groups";
import { emailConnectors } from "./email-connectors";
import { singleSendRecipients, singleSendRuns, singleSends } from "./single-sends";

export const sendStatus = pgEnum("send_status", ["SENDING", "SENT", "DELIVERED", "BOUNCED", "COMPLAINED", "FAILED"]);
export const emailEventType = pgEnum("email_event_type", [
  "DELIVERED",
  "BOUNCED",
  "COMPLAINED",
  "OPENED",
  "CLICKED",
  "REJECTED",
  "DELAYED",
]);

export const sends = pgTable(
  "sends",
  {
    id: uuid().primaryKey().defaultRandom(),
    recipientId: bigint({ mode: "number" })
      .notNull()
      .references(() => singleSendRecipients.id, { onDelete: "cascade" }),
    runId: uuid()
      .notNull()
      .references(() => singleSendRuns.id, { onDelete: "cascade" }),
    singleSendId: uuid()
      .notNull()
      .references(() => singleSends.id, { onDelete: "cascade" }),
    emailConnectorId: uuid().references(() => emailConnectors.id, { onDelete: "set null" }),
    email: text().notNull(),
    providerMessageId: text(),
    status: sendStatus().notNull().default("SENDING"),
    attempts: integer().notNull().default(0),
    error: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.recipientId), index().on(t.providerMessageId), index().on(t.runId, t.status)],
);

/** Append-only history the collision engine reads: one row per email actually handed to a provider. */
export const sendLog = pgTable(
  "send_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    subjectId: text().notNull(),
    campaignGroupId: uuid().references(() => campaignGroups.id, { onDelete: "set null" }),
    singleSendId: uuid()
      .notNull()
      .references(() => singleSends.id, { onDelete: "cascade" }),
    runId: uuid()
      .notNull()
      .references(() => singleSendRuns.id, { onDelete: "cascade" }),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.campaignGroupId, t.subjectId, t.sentAt), uniqueIndex().on(t.runId, t.subjectId)],
);

export const emailEvents = pgTable(
  "email_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    sendId: uuid().references(() => sends.id, { onDelete: "set null" }),
    provider: text().notNull(),
    /** Provider's own event id; the unique index makes webhook redelivery a no-op. */
    providerEventId: text().notNull(),
    type: emailEventType().notNull(),
    email: text(),
    payload: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.provider, t.providerEventId), index().on(t.sendId), index().on(t.occurredAt)],
);
