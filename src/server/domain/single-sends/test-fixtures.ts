/**
 * Fixtures for the single-send integration tests (not used by the application): the records a single send points at,
 * created through the same domain calls the dashboard uses where they matter (templates are really published).
 */
import { randomUUID } from "node:crypto";
import { campaignGroups, dataConnectors, emailConnectors, segments, senderProfiles, singleSendRecipients, singleSendRuns } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import type { TestEnvironment } from "@/test/harness";
import type { RecipientStatus, RunStatus } from "./run-types";

export interface SingleSendFixture {
  /** A segment without parameters. */
  segmentId: string;
  /** Declares max_credits (number, default 10) and plan (string, no default: a send must give it). */
  parameterizedSegmentId: string;
  /** Has a published, active version. */
  templateId: string;
  publishedVersionId: string;
  /** Only a draft. */
  draftTemplateId: string;
  senderProfileId: string;
  campaignGroupId: string;
}

const mjml = "<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{first_name}}</mj-text></mj-column></mj-section></mj-body></mjml>";

export async function createSingleSendFixture(t: TestEnvironment, actor: Actor): Promise<SingleSendFixture> {
  const db = t.services.db;
  const [dataConnector] = await db
    .insert(dataConnectors)
    .values({ name: "Warehouse", type: "POSTGRES", encryptedConfig: t.services.keyring.encryptJson({ connectionString: t.databaseUrl }) })
    .returning({ id: dataConnectors.id });
  if (!dataConnector) throw new Error("no data connector");
  const [everyone, lowCredits] = await db
    .insert(segments)
    .values([
      { name: "Everyone", sqlQuery: "select subject_id, email from demo.customers", dataConnectorId: dataConnector.id },
      {
        name: "Low credits",
        sqlQuery: "select subject_id, email from demo.customers where credits < :max_credits and plan = :plan",
        dataConnectorId: dataConnector.id,
        parameters: [
          { name: "max_credits", type: "number", default: 10 },
          { name: "plan", type: "string" },
        ],
      },
    ])
    .returning({ id: segments.id });
  if (!everyone || !lowCredits) throw new Error("no segments");

  const templatesApi = t.caller(actor).templates;
  const template = await templatesApi.create({
    key: "activation",
    name: "Activation",
    initialVersion: { subject: "Welcome {{first_name}}", authoringMode: "MJML", bodyMjml: mjml },
  });
  const [draft] = await templatesApi.versions({ id: template.id });
  if (!draft) throw new Error("no draft version");
  const published = await templatesApi.publish({ id: template.id, versionId: draft.id });
  const draftOnly = await templatesApi.create({
    key: "unfinished",
    name: "Unfinished",
    initialVersion: { subject: "Soon", authoringMode: "MJML", bodyMjml: mjml },
  });

  const [emailConnector] = await db
    .insert(emailConnectors)
    .values({ name: "Inbox", type: "DEV_INBOX", encryptedConfig: t.services.keyring.encryptJson({}) })
    .returning({ id: emailConnectors.id });
  if (!emailConnector) throw new Error("no email connector");
  const [profile] = await db
    .insert(senderProfiles)
    .values({ name: "Acme", fromEmail: "hello@acme.test", emailConnectorId: emailConnector.id })
    .returning({ id: senderProfiles.id });
  const [group] = await db.insert(campaignGroups).values({ name: "Activation emails" }).returning({ id: campaignGroups.id });
  if (!profile || !group) throw new Error("no sender profile or group");

  return {
    segmentId: everyone.id,
    parameterizedSegmentId: lowCredits.id,
    templateId: template.id,
    publishedVersionId: published.id,
    draftTemplateId: draftOnly.id,
    senderProfileId: profile.id,
    campaignGroupId: group.id,
  };
}

/** A run row as the engine would leave it (runs require a priority and a trigger id). */
export async function insertRun(
  t: TestEnvironment,
  singleSendId: string,
  values: { status: RunStatus; createdAt?: Date; templateVersionId?: string; compiledSubject?: string },
): Promise<string> {
  const [run] = await t.services.db
    .insert(singleSendRuns)
    .values({
      singleSendId,
      status: values.status,
      priority: 100,
      triggerId: randomUUID(),
      triggeredBy: "test",
      templateVersionId: values.templateVersionId ?? null,
      compiledSubject: values.compiledSubject ?? null,
      ...(values.createdAt ? { createdAt: values.createdAt } : {}),
    })
    .returning({ id: singleSendRuns.id });
  if (!run) throw new Error("no run");
  return run.id;
}

export interface RecipientRow {
  subjectId: string;
  email: string;
  status: RecipientStatus;
  skipReason?: string;
  error?: string;
}

export async function insertRecipients(t: TestEnvironment, runId: string, rows: RecipientRow[]): Promise<void> {
  if (rows.length === 0) return;
  await t.services.db.insert(singleSendRecipients).values(
    rows.map((row) => ({ runId, subjectId: row.subjectId, email: row.email, status: row.status, skipReason: row.skipReason ?? null, error: row.error ?? null })),
  );
}
