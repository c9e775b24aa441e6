import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const suppressionReason = pgEnum("suppression_reason", ["bounce", "complaint", "unsubscribe", "manual"]);

export const suppressions = pgTable(
  "suppressions",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    /** Lower-cased, trimmed address; unique so one address has one suppression. */
    emailNormalized: text().notNull().unique(),
    reason: suppressionReason().notNull(),
    source: text().notNull().default("manual"),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reason, t.createdAt)],
);
