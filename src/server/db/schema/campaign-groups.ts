import { integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const collisionPolicy = pgEnum("collision_policy", ["HIGHEST_PRIORITY_WINS", "FIRST_QUEUED_WINS", "SEND_ALL"]);

export const campaignGroups = pgTable("campaign_groups", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  description: text().notNull().default(""),
  /** Seconds: a subject receives at most one email of the group per window. */
  collisionWindow: integer().notNull().default(86400),
  collisionPolicy: collisionPolicy().notNull().default("HIGHEST_PRIORITY_WINS"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
