import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Single-tenant: exactly one row (id = 1). */
export const workspaceSettings = pgTable(
  "workspace_settings",
  {
    id: integer().primaryKey().default(1),
    organizationName: text().notNull().default("My organisation"),
    postalAddress: text().notNull().default(""),
    defaultTimezone: text().notNull().default("UTC"),
    maskPiiForMembers: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("workspace_settings_singleton", sql`${t.id} = 1`)],
);
