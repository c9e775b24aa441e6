import { integer, jsonb, pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { dataConnectors } from "./data-connectors";

export type SegmentParameterType = "string" | "number" | "boolean" | "date" | "timestamp";
export interface SegmentParameter {
  name: string;
  type: SegmentParameterType;
  default?: string | number | boolean | null;
}

export const segments = pgTable(
  "segments",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    description: text().notNull().default(""),
    sqlQuery: text().notNull(),
    dataConnectorId: uuid()
      .notNull()
      .references(() => dataConnectors.id, { onDelete: "restrict" }),
    parameters: jsonb().$type<SegmentParameter[]>().notNull().default([]),
    lastDryRunCount: integer(),
    lastDryRunAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.dataConnectorId)],
);
