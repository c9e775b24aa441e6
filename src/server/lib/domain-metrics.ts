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
  emailsSent: new Counter({
    name: "emails_sent_total",
    help: "Emails handed to a provider and accepted",
    labelNames: ["provider"],
    registers: [],
  }),
  recipientsSkipped: new Counter({
    name: "recipients_skipped_total",
    help: "Recipients skipped, by skip reason (snapshot classification and send-time re-checks)",
    labelNames: ["reason"],
    registers: [],
  }),
  collisionChecks: new Counter({
    name: "collision_checks_total",
    help: "Subjects checked against a campaign group's collision rules, at snapshot or at send time",
    labelNames: ["stage"],
    registers: [],
  }),
  recipientsFailed: new Counter({
    name: "recipients_failed_total",
    help: "Recipients that ended failed or unconfirmed",
    labelNames: ["status"],
    registers: [],
  }),
};
