import { jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const componentType = pgEnum("component_type", ["HEADER", "FOOTER", "BUTTON", "CARD", "DIVIDER", "SNIPPET"]);
export const componentContentType = pgEnum("component_content_type", ["MJML", "HTML"]);

export interface ComponentVariable {
  name: string;
  type: "string" | "color" | "url" | "image";
  defaultValue: string;
  description: string;
}

export const components = pgTable("components", {
  id: uuid().primaryKey().defaultRandom(),
  /** Partial name used in templates: `{{> name }}`. */
  name: text().notNull().unique(),
  type: componentType().notNull(),
  contentType: componentContentType().notNull(),
  content: text().notNull(),
  variables: jsonb().$type<ComponentVariable[]>().notNull().default([]),
  previewHtml: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
