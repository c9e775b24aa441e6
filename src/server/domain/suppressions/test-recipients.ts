import { randomUUID } from "node:crypto";
import type { Database } from "@/server/db/client";
import {
  dataConnectors,
  emailConnectors,
  segments,
  senderProfiles,
  singleSendRecipients,
  singleSendRuns,
  singleSends,
  templates,
} from "@/server/db/schema";

export interface TestRun {
  runId: string;
  singleSendName: string;
}

/**
 * The smallest chain of rows a recipient needs (connector → segment, template, sender profile → single send → run),
 * inserted directly: tests of unsubscribe links need a recipient id, not a campaign that actually ran.
 */
export async function insertTestRun(db: Database, singleSendName = "Spring sale"): Promise<TestRun> {
  const tag = randomUUID().slice(0, 8);
  const [dataConnector] = await db
    .insert(dataConnectors)
    .values({ type: "POSTGRES", name: `warehouse ${tag}`, encryptedConfig: "unused" })
    .returning();
  const [segment] = await db
    .insert(segments)
    .values({ name: `segment ${tag}`, sqlQuery: "select 1 as subject_id, 'a@b.co' as email", dataConnectorId: dataConnector!.id })
    .returning();
  const [template] = await db.insert(templates).values({ key: `template-${tag}`, name: "Template", category: "MARKETING" }).returning();
  const [emailConnector] = await db
    .insert(emailConnectors)
    .values({ type: "DEV_INBOX", name: `inbox ${tag}`, encryptedConfig: "unused" })
    .returning();
  const [senderProfile] = await db
    .insert(senderProfiles)
    .values({ name: `sender ${tag}`, fromEmail: "news@acme.test", emailConnectorId: emailConnector!.id })
    .returning();
  const [singleSend] = await db
    .insert(singleSends)
    .values({ name: singleSendName, segmentId: segment!.id, templateId: template!.id, senderProfileId: senderProfile!.id })
    .returning();
  const [run] = await db
    .insert(singleSendRuns)
    .values({ singleSendId: singleSend!.id, priority: 100, triggerId: randomUUID(), triggeredBy: "test", status: "SENDING" })
    .returning();
  return { runId: run!.id, singleSendName };
}

/** One queued recipient of the run; `email` is stored as given (the snapshot stores it normalised). */
export async function insertTestRecipient(db: Database, runId: string, email: string): Promise<number> {
  const [recipient] = await db
    .insert(singleSendRecipients)
    .values({ runId, subjectId: `subject-${randomUUID()}`, email, status: "queued" })
    .returning({ id: singleSendRecipients.id });
  return recipient!.id;
}
