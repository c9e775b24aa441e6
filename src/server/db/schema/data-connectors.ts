import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const dataConnectorType = pgEnum("data_connector_type", ["POSTGRES", "BIGQUERY"]);

export const dataConnectors = pgTable("data_connectors", {
  id: uuid().primaryKey().defaultRandom(),
  type: dataConnectorType().notNull(),
  name: text().notNull().unique(),
  /** AES-256-GCM sealed JSON (see lib/crypto.ts); never returned by the API. */
  encryptedConfig: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
