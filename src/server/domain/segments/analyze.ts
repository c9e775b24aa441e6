import type { SegmentParameter } from "@/server/db/schema";
import type { DataConnectorEngine } from "../data-connectors/adapter";
import { analyzeBigQueryQuery } from "../query-governor/bigquery-analyzer";
import { analyzePostgresQuery } from "../query-governor/postgres-analyzer";

/** The governor's static analysis for the connector's engine; throws QueryRejectedError for SQL it refuses. */
export async function analyzeSegmentSql(engine: DataConnectorEngine, sql: string, parameters: SegmentParameter[]): Promise<void> {
  switch (engine) {
    case "POSTGRES":
      await analyzePostgresQuery(sql, parameters);
      return;
    case "BIGQUERY":
      analyzeBigQueryQuery(sql, parameters);
      return;
  }
}
