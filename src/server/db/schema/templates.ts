import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const templateCategory = pgEnum("template_category", ["MARKETING", "TRANSACTIONAL"]);
export const authoringMode = pgEnum("authoring_mode", ["MJML", "HTML", "BUILDER"]);

export const templates = pgTable("templates", {
  id: uuid().primaryKey().defaultRandom(),
  key: text().notNull().unique(),
  name: text().notNull(),
  category: templateCategory().notNull().default("MARKETING"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const templateVersions = pgTable(
  "template_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    templateId: uuid()
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    subject: text().notNull(),
    preheader: text().notNull().default(""),
    authoringMode: authoringMode().notNull(),
    bodyMjml: text(),
    bodyHtml: text(),
    bodyText: text(),
    builderJson: jsonb(),
    /** Recipient-independent output of publishing: Handlebars sources ready to precompile. */
    compiledSubject: text(),
    compiledHtml: text(),
    compiledText: text(),
    active: boolean().notNull().default(false),
    publishedAt: timestamp({ withTimezone: true }),
    publishedById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.templateId, t.version),
    uniqueIndex("template_versions_one_active_per_template").on(t.templateId).where(sql`${t.active}`),
  ],
);
