import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { emailConnectors } from "./email-connectors";

export const devInboxMessages = pgTable(
  "dev_inbox_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    emailConnectorId: uuid().references(() => emailConnectors.id, { onDelete: "set null" }),
    to: text().notNull(),
    from: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.to, t.createdAt), index().on(t.createdAt)],
);
