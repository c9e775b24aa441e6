import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const emailConnectorType = pgEnum("email_connector_type", ["SES", "RESEND", "SMTP", "DEV_INBOX"]);

export const emailConnectors = pgTable("email_connectors", {
  id: uuid().primaryKey().defaultRandom(),
  type: emailConnectorType().notNull(),
  name: text().notNull().unique(),
  /** AES-256-GCM sealed JSON (see lib/crypto.ts); never returned by the API. */
  encryptedConfig: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
