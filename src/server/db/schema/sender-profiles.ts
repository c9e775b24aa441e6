import { doublePrecision, integer, pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { emailConnectors } from "./email-connectors";

export const senderProfiles = pgTable(
  "sender_profiles",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    fromEmail: text().notNull(),
    fromName: text().notNull().default(""),
    replyTo: text(),
    emailConnectorId: uuid()
      .notNull()
      .references(() => emailConnectors.id, { onDelete: "restrict" }),
    /** Token bucket: maximum burst and sustained refill rate for this sender. */
    bucketSize: integer().notNull().default(100),
    refillPerSecond: doublePrecision().notNull().default(10),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.emailConnectorId)],
);
