import { eq } from "drizzle-orm";
import type { Sql } from "postgres";
import { campaignGroups, emailConnectors, senderProfiles, singleSendRuns, singleSends, templates } from "@/server/db/schema";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { logger } from "@/server/lib/logger";
import type { ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { isProviderSendError } from "../email-connectors/provider-error";
import { getEmailProvider } from "../email-connectors/provider-cache";
import type { EmailProvider } from "../email-connectors/types";
import { prepareTemplate, type PreparedTemplate } from "../rendering";
import { listUnsubscribeHeaders, signerFor, unsubscribeUrl } from "../suppressions/unsubscribe";
import { claimPermitsFor } from "./claim-permits";
import { lockCampaignGroup, type CollisionScope } from "./classify";
import { completeRunIfDone } from "./run-lifecycle";
import type { SingleSendRun } from "./run-types";
import { SenderRateLimiter, sleep } from "./token-bucket";

/** Most recipients one job claims (marks `sending`) at once; claim-permits.ts caps all jobs of a connector together. */
export const CLAIM_SIZE = 100;
const TRANSIENT_TRIES_IN_JOB = 3;
const MAX_THROTTLE_WAIT_MS = 10_000;
/** Continuous throttling for this long is treated as a transient failure (retried by the job with backoff). */
const MAX_THROTTLED_MS = 10 * 60_000;

export const RUN_ID_HEADER = "X-EmailOps-Run-Id";
export const RECIPIENT_ID_HEADER = "X-EmailOps-Recipient-Id";
export const MAYBE_DELIVERED_ERROR =
  "The connection to the provider broke after the email was handed over, so whether it was sent is unknown; it was not sent again to avoid a duplicate";
export const UNCONFIRMED_ERROR =
  "The worker stopped while this email was being handed to the provider, so whether it was sent is unknown; it was not sent again to avoid a duplicate.";

interface ClaimedRecipient {
  id: number;
  subject_id: string;
  email: string;
  variables: Record<string, unknown>;
}

type Outcome =
  | { kind: "sent"; recipient: ClaimedRecipient; messageId: string; attempts: number }
  | { kind: "failed"; recipient: ClaimedRecipient; error: string; attempts: number }
  | { kind: "retry"; recipient: ClaimedRecipient; error: string }
  | { kind: "unconfirmed"; recipient: ClaimedRecipient; error: string }
  /** Claimed but not handed to the provider because the run was paused or cancelled meanwhile. */
  | { kind: "released"; recipient: ClaimedRecipient };

interface RunSendContext {
  run: SingleSendRun;
  singleSendName: string;
  scope: CollisionScope;
  marketing: boolean;
  profile: typeof senderProfiles.$inferSelect;
  provider: EmailProvider;
  providerName: string;
  template: PreparedTemplate;
}

const preparedTemplates = new Map<string, PreparedTemplate>();

/** Compile once per run and process, render many: the run's frozen Handlebars sources are precompiled here. */
function preparedFor(run: SingleSendRun): PreparedTemplate {
  let prepared = preparedTemplates.get(run.id);
  if (!prepared) {
    prepared = prepareTemplate({ subject: run.compiledSubject ?? "", html: run.compiledHtml ?? "", text: run.compiledText ?? "", variables: [] });
    if (preparedTemplates.size >= 50) preparedTemplates.delete(preparedTemplates.keys().next().value as string);
    preparedTemplates.set(run.id, prepared);
  }
  return prepared;
}

let limiter: { redis: Services["redis"]; value: SenderRateLimiter } | undefined;
function limiterFor(services: Services): SenderRateLimiter {
  if (limiter?.redis !== services.redis) limiter = { redis: services.redis, value: new SenderRateLimiter(services.redis, services.env.QUEUE_PREFIX) };
  return limiter.value;
}

async function loadContext(services: Services, run: SingleSendRun): Promise<RunSendContext> {
  const [row] = await services.db
    .select({ send: singleSends, profile: senderProfiles, category: templates.category, group: campaignGroups, connectorType: emailConnectors.type })
    .from(singleSends)
    .innerJoin(senderProfiles, eq(senderProfiles.id, singleSends.senderProfileId))
    .innerJoin(emailConnectors, eq(emailConnectors.id, senderProfiles.emailConnectorId))
    .innerJoin(templates, eq(templates.id, singleSends.templateId))
    .leftJoin(campaignGroups, eq(campaignGroups.id, run.campaignGroupId ?? singleSends.campaignGroupId))
    .where(eq(singleSends.id, run.singleSendId));
  if (!row) throw new Error(`single send ${run.singleSendId} of run ${run.id} is gone`);
  const group = run.campaignGroupId && row.group ? row.group : null;
  const provider = await getEmailProvider(services, row.profile.emailConnectorId);
  return {
    run,
    singleSendName: row.send.name,
    scope: {
      runId: run.id,
      priority: run.priority,
      group: group ? { id: group.id, policy: group.collisionPolicy, windowSeconds: group.collisionWindow } : null,
    },
    marketing: row.category === "MARKETING",
    profile: row.profile,
    provider,
    providerName: row.connectorType,
    template: preparedFor(run),
  };
}

/**
 * Claims up to CLAIM_SIZE queued recipients of the range in one transaction: the send-time re-check (suppressions,
 * and inside a campaign group the collision rules, under the group's lock) skips some; the rest become `sending`
 * with a `send_log` row, so any other run of the group sees them as sent from this instant.
 */
async function claimChunk(sql: Sql, scope: CollisionScope, range: { fromId: number; toId: number }, singleSendId: string, jobId: string, limit: number) {
  const group = scope.group && scope.group.policy !== "SEND_ALL" ? scope.group : null;
  return sql.begin(async (tx) => {
    if (group) await lockCampaignGroup(tx, group.id);
    const rows = await tx<(ClaimedRecipient & { skip_reason: string | null })[]>`
      with candidates as (
        select r.id, r.subject_id, r.email, r.variables
        from single_send_recipients r
        where r.run_id = ${scope.runId} and r.id between ${range.fromId} and ${range.toId} and r.status = 'queued'
        order by r.id
        limit ${limit}
        for update skip locked
      ),
      checked as (
        select c.*,
          case
            when sup.reason is not null then 'suppression:' || sup.reason::text
            when ${group?.id ?? null}::uuid is not null and exists (
                select 1 from send_log l
                where l.campaign_group_id = ${group?.id ?? null} and l.subject_id = c.subject_id and l.run_id <> ${scope.runId}
                  and l.sent_at > now() - make_interval(secs => ${group?.windowSeconds ?? 0}))
              then 'collision:already_sent'
            when ${group?.policy ?? "SEND_ALL"} = 'HIGHEST_PRIORITY_WINS' and exists (
                select 1 from single_send_recipients o join single_send_runs ru on ru.id = o.run_id
                where o.subject_id = c.subject_id and o.status in ('queued', 'sending')
                  and ru.campaign_group_id = ${group?.id ?? null} and ru.id <> ${scope.runId} and ru.priority < ${scope.priority})
              then 'collision:lower_priority'
          end as skip_reason
        from candidates c
        left join suppressions sup on sup.email_normalized = c.email
      ),
      skipped as (
        update single_send_recipients r set status = 'skipped', skip_reason = k.skip_reason, updated_at = now()
        from checked k where r.id = k.id and k.skip_reason is not null
        returning r.id
      ),
      claimed as (
        update single_send_recipients r set status = 'sending', send_job_id = ${jobId}, updated_at = now()
        from checked k where r.id = k.id and k.skip_reason is null
        returning r.id, r.subject_id
      ),
      logged as (
        insert into send_log (subject_id, campaign_group_id, single_send_id, run_id)
        select subject_id, ${scope.group?.id ?? null}, ${singleSendId}, ${scope.runId} from claimed
        on conflict (run_id, subject_id) do nothing
      )
      select k.id::int as id, k.subject_id, k.email, k.variables, k.skip_reason from checked k order by k.id`;
    if (group) domainMetrics.collisionChecks.inc({ stage: "send" }, rows.length);
    const claimed: ClaimedRecipient[] = [];
    for (const row of rows) {
      if (row.skip_reason) domainMetrics.recipientsSkipped.inc({ reason: row.skip_reason });
      else claimed.push({ id: row.id, subject_id: row.subject_id, email: row.email, variables: row.variables });
    }
    return { claimed, examined: rows.length };
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function deliver(context: RunSendContext, services: Services, recipient: ClaimedRecipient): Promise<Outcome> {
  const { run, profile, provider } = context;
  const url = unsubscribeUrl(services.env.APP_URL, signerFor(services.env).token(recipient.id));
  const rendered = context.template.render({ ...recipient.variables, subject_id: recipient.subject_id, email: recipient.email, unsubscribeUrl: url });
  const message = {
    from: profile.fromEmail,
    fromName: profile.fromName,
    ...(profile.replyTo ? { replyTo: profile.replyTo } : {}),
    to: recipient.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      ...(context.marketing ? listUnsubscribeHeaders(url) : {}),
      [RUN_ID_HEADER]: run.id,
      [RECIPIENT_ID_HEADER]: String(recipient.id),
    },
    idempotencyKey: `emailops-${run.id}-${recipient.id}`,
    tags: { run_id: run.id, recipient_id: String(recipient.id), single_send_id: run.singleSendId },
  };
  let attempts = 0;
  let transientTries = 0;
  let throttledSince: number | null = null;
  let throttleWait = 250;
  for (;;) {
    attempts++;
    try {
      const { messageId } = await provider.send(message);
      return { kind: "sent", recipient, messageId, attempts };
    } catch (error) {
      const kind = isProviderSendError(error) ? error.kind : "transient";
      if (kind === "permanent") return { kind: "failed", recipient, error: describe(error), attempts };
      if (isProviderSendError(error) && error.maybeDelivered && !provider.idempotent) {
        return { kind: "unconfirmed", recipient, error: `${MAYBE_DELIVERED_ERROR} (${describe(error)})` };
      }
      if (kind === "throttled") {
        throttledSince ??= Date.now();
        if (Date.now() - throttledSince < MAX_THROTTLED_MS) {
          const hinted = isProviderSendError(error) ? error.retryAfterMs : undefined;
          await sleep(Math.min(MAX_THROTTLE_WAIT_MS, hinted ?? throttleWait) * (0.75 + Math.random() / 2));
          throttleWait = Math.min(MAX_THROTTLE_WAIT_MS, throttleWait * 2);
          continue;
        }
      }
      transientTries++;
      if (transientTries >= TRANSIENT_TRIES_IN_JOB) return { kind: "retry", recipient, error: describe(error) };
      await sleep(200 * 2 ** transientTries);
    }
  }
}

/** Writes a chunk's outcomes in one transaction: `sends` rows, final recipient statuses, and unclaims retries. */
async function recordOutcomes(sql: Sql, context: RunSendContext, outcomes: Outcome[], finalAttempt: boolean): Promise<void> {
  const sent = outcomes.filter((o) => o.kind === "sent");
  const failed = outcomes.filter((o) => o.kind === "failed" || (o.kind === "retry" && finalAttempt));
  const retried = [...(finalAttempt ? [] : outcomes.filter((o) => o.kind === "retry")), ...outcomes.filter((o) => o.kind === "released")];
  const unconfirmed = outcomes.filter((o) => o.kind === "unconfirmed");
  const connectorId = context.profile.emailConnectorId;
  const { run } = context;
  await sql.begin(async (tx) => {
    if (sent.length > 0) {
      const ids = sent.map((o) => o.recipient.id);
      await tx`
        update single_send_recipients set status = 'sent', error = null, updated_at = now()
        where id = any(${ids}::bigint[]) and status in ('sending', 'unconfirmed')`;
      await tx`
        insert into sends (recipient_id, run_id, single_send_id, email_connector_id, email, provider_message_id, status, attempts, sent_at)
        select r.id, ${run.id}, ${run.singleSendId}, ${connectorId}, r.email, r.message_id, 'SENT', r.attempts, now()
        from unnest(${ids}::bigint[], ${sent.map((o) => o.recipient.email)}::text[], ${sent.map((o) => (o.kind === "sent" ? o.messageId : ""))}::text[], ${sent.map((o) => o.attempts)}::int[])
          as r(id, email, message_id, attempts)
        on conflict (recipient_id) do nothing`;
    }
    if (failed.length > 0) {
      const ids = failed.map((o) => o.recipient.id);
      const errors = failed.map((o) => ("error" in o ? o.error : ""));
      await tx`
        update single_send_recipients r set status = 'failed', error = f.error, updated_at = now()
        from unnest(${ids}::bigint[], ${errors}::text[]) as f(id, error)
        where r.id = f.id and r.status = 'sending'`;
      await tx`
        insert into sends (recipient_id, run_id, single_send_id, email_connector_id, email, status, attempts, error)
        select f.id, ${run.id}, ${run.singleSendId}, ${connectorId}, f.email, 'FAILED', f.attempts, f.error
        from unnest(${ids}::bigint[], ${failed.map((o) => o.recipient.email)}::text[], ${failed.map((o) => (o.kind === "failed" ? o.attempts : 0))}::int[], ${errors}::text[])
          as f(id, email, attempts, error)
        on conflict (recipient_id) do nothing`;
    }
    if (unconfirmed.length > 0) {
      await tx`
        update single_send_recipients r set status = 'unconfirmed', error = u.error, updated_at = now()
        from unnest(${unconfirmed.map((o) => o.recipient.id)}::bigint[], ${unconfirmed.map((o) => (o.kind === "unconfirmed" ? o.error : ""))}::text[]) as u(id, error)
        where r.id = u.id and r.status = 'sending'`;
    }
    const unclaimed = [...failed, ...retried].map((o) => o.recipient.subject_id);
    if (unclaimed.length > 0) {
      await tx`delete from send_log where run_id = ${run.id} and subject_id = any(${unclaimed}::text[])`;
    }
    if (retried.length > 0) {
      // Back in the queue; a run cancelled meanwhile ends them as cancelled instead, since no job will pick them up.
      await tx`
        update single_send_recipients r
        set status = (case when ru.status = 'CANCELLED' then 'skipped' else 'queued' end)::recipient_status,
          skip_reason = case when ru.status = 'CANCELLED' then 'cancelled' end, updated_at = now()
        from single_send_runs ru
        where ru.id = r.run_id and r.id = any(${retried.map((o) => o.recipient.id)}::bigint[]) and r.status = 'sending'`;
    }
  });
  if (sent.length > 0) domainMetrics.emailsSent.inc({ provider: context.providerName }, sent.length);
  if (failed.length > 0) domainMetrics.recipientsFailed.inc({ status: "failed" }, failed.length);
  if (unconfirmed.length > 0) domainMetrics.recipientsFailed.inc({ status: "unconfirmed" }, unconfirmed.length);
}

/**
 * Recipients this job claimed in an earlier attempt whose worker died mid-send (a job never runs twice at once, so
 * they are not in flight any more). With an idempotent provider they are sent again under the same idempotency key;
 * otherwise whether they were sent is unknown: `unconfirmed`, never sent twice.
 */
async function recoverInterrupted(sql: Sql, context: RunSendContext, jobId: string): Promise<ClaimedRecipient[]> {
  const { run } = context;
  if (context.provider.idempotent) {
    return sql<ClaimedRecipient[]>`
      select id::int as id, subject_id, email, variables from single_send_recipients
      where run_id = ${run.id} and send_job_id = ${jobId} and status = 'sending' order by id`;
  }
  const rows = await sql`
    update single_send_recipients set status = 'unconfirmed', error = ${UNCONFIRMED_ERROR}, updated_at = now()
    where run_id = ${run.id} and send_job_id = ${jobId} and status = 'sending'
    returning id`;
  if (rows.length > 0) {
    domainMetrics.recipientsFailed.inc({ status: "unconfirmed" }, rows.length);
    logger().warn({ runId: run.id, count: rows.length }, "recipients left sending by a stopped worker marked unconfirmed");
  }
  return [];
}

const isSendable = (status: string | undefined) => status === "SENDING" || status === "READY";

async function runStatus(services: Services, runId: string) {
  const [row] = await services.db.select({ status: singleSendRuns.status }).from(singleSendRuns).where(eq(singleSendRuns.id, runId));
  return row?.status;
}

/** Sends a claimed chunk within the sender's rate limit; returns the errors of recipients left for a later attempt. */
async function sendChunk(services: Services, context: RunSendContext, recipients: ClaimedRecipient[], finalAttempt: boolean): Promise<string[]> {
  const outcomes: Outcome[] = [];
  let offset = 0;
  const limiter = limiterFor(services);
  while (offset < recipients.length) {
    if (offset > 0 && !isSendable(await runStatus(services, context.run.id))) {
      outcomes.push(...recipients.slice(offset).map((recipient): Outcome => ({ kind: "released", recipient })));
      break;
    }
    const granted = await limiter.take(context.profile.id, context.profile, recipients.length - offset);
    const slice = recipients.slice(offset, offset + granted);
    offset += granted;
    outcomes.push(...(await Promise.all(slice.map((recipient) => deliver(context, services, recipient)))));
  }
  await recordOutcomes(services.sql, context, outcomes, finalAttempt);
  return outcomes.flatMap((o) => (o.kind === "retry" ? [o.error] : []));
}

export class TransientSendFailures extends Error {
  constructor(count: number, sample: string) {
    super(`${count} recipient(s) hit transient provider errors and will be retried (last error: ${sample})`);
    this.name = "TransientSendFailures";
  }
}

/** Handler of "send-batch": sends the queued recipients of one id range of a run. */
export async function sendBatch(
  services: Services,
  payload: ParsedJobPayload<"send-batch">,
  attempt: { jobId: string; attempt: number; maxAttempts: number },
): Promise<{ examined: number; retried: number }> {
  const [run] = await services.db.select().from(singleSendRuns).where(eq(singleSendRuns.id, payload.runId));
  if (!run || (run.status !== "SENDING" && run.status !== "READY")) return { examined: 0, retried: 0 };
  const context = await loadContext(services, run);
  const finalAttempt = attempt.attempt >= attempt.maxAttempts;
  const range = { fromId: payload.fromId, toId: payload.toId };
  const permits = claimPermitsFor(context.profile.emailConnectorId, context.provider.maxInFlight);
  let examined = 0;
  const retryErrors: string[] = [];

  const interrupted = await recoverInterrupted(services.sql, context, attempt.jobId);
  if (interrupted.length > 0) retryErrors.push(...(await sendChunk(services, context, interrupted, finalAttempt)));

  for (;;) {
    if (!isSendable(await runStatus(services, run.id))) return { examined, retried: retryErrors.length };
    if (retryErrors.length > 0) break;
    const wanted = await permits.acquireUpTo(CLAIM_SIZE);
    try {
      const { claimed, examined: seen } = await claimChunk(services.sql, context.scope, range, run.singleSendId, attempt.jobId, wanted);
      if (seen === 0) break;
      examined += seen;
      if (claimed.length > 0) retryErrors.push(...(await sendChunk(services, context, claimed, finalAttempt)));
    } finally {
      permits.release(wanted);
    }
  }
  await completeRunIfDone(services, run.id);
  if (retryErrors.length > 0 && !finalAttempt) throw new TransientSendFailures(retryErrors.length, retryErrors.at(-1) ?? "");
  return { examined, retried: retryErrors.length };
}
