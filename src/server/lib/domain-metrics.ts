import { Counter, Histogram } from "prom-client";

/**
 * Metrics that domain code records directly, wherever it runs. They belong to no registry of their own: each
 * process's registry (web or worker, see metrics.ts) exposes them.
 */
export const domainMetrics = {
  segmentQueryDuration: new Histogram({
    name: "segment_query_duration_seconds",
    help: "Duration of segment queries run through the Query Governor",
    labelNames: ["engine", "mode", "outcome"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 300],
    registers: [],
  }),
  segmentQueryRows: new Counter({
    name: "segment_query_rows_total",
    help: "Rows returned by segment queries run through the Query Governor",
    labelNames: ["engine", "mode"],
    registers: [],
  }),
  segmentQueryErrors: new Counter({
    name: "segment_query_errors_total",
    help: "Segment queries refused or failed, by reason",
    labelNames: ["engine", "mode", "reason"],
    registers: [],
  }),
};
