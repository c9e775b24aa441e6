import { randomBytes } from "node:crypto";
import type { Actor } from "@/server/domain/auth/actor";
import { createDataConnector } from "@/server/domain/data-connectors/data-connectors";
import { createEmailConnector, type CreateEmailConnectorInput } from "@/server/domain/email-connectors/email-connectors";
import { createSegment } from "@/server/domain/segments/segments";
import { createSenderProfile } from "@/server/domain/sender-profiles/sender-profiles";
import { createTemplate } from "@/server/domain/templates/templates";
import { listVersions, publishVersion } from "@/server/domain/templates/versions";
import type { Services } from "@/server/services";

export interface AudienceRow {
  subjectId: string;
  email: string;
  credits: number;
  firstName?: string;
}

/**
 * A customer table inside the test's own database, read through a real Postgres data connector (the Query Governor
 * runs as it does against a customer warehouse).
 */
export async function createAudienceTable(services: Services, schema: string, rows: AudienceRow[]): Promise<void> {
  await services.sql.unsafe(`drop schema if exists "${schema}" cascade; create schema "${schema}";
    create table "${schema}".customers (subject_id text, email text, credits integer, first_name text)`);
  const chunk = 10_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    await services.sql`
      insert into ${services.sql(schema)}.customers (subject_id, email, credits, first_name)
      select * from unnest(${slice.map((r) => r.subjectId)}::text[], ${slice.map((r) => r.email)}::text[],
        ${slice.map((r) => r.credits)}::int[], ${slice.map((r) => r.firstName ?? null)}::text[])`;
  }
}

export async function createWarehouseConnector(services: Services, actor: Actor, databaseUrl: string): Promise<string> {
  const connector = await createDataConnector(services, actor, {
    name: `Warehouse ${randomBytes(3).toString("hex")}`,
    type: "POSTGRES",
    config: { connectionString: databaseUrl },
  });
  return connector.id;
}

export async function createCreditsSegment(services: Services, actor: Actor, input: { name: string; dataConnectorId: string; schema: string; where?: string }) {
  return createSegment(services.db, actor, {
    name: input.name,
    sqlQuery: `select subject_id, email, credits, first_name as "firstName" from "${input.schema}".customers${input.where ? ` where ${input.where}` : ""}`,
    dataConnectorId: input.dataConnectorId,
    parameters: [],
  });
}

/** A published HTML template whose subject names the send, so a delivered email says which campaign it came from. */
export async function createPublishedTemplate(services: Services, actor: Actor, input: { key: string; subject: string; category?: "MARKETING" | "TRANSACTIONAL" }) {
  const template = await createTemplate(services.db, actor, {
    key: input.key,
    name: input.subject,
    category: input.category ?? "MARKETING",
    initialVersion: {
      authoringMode: "HTML",
      subject: input.subject,
      preheader: "",
      bodyHtml: `<p>Hi {{firstName}}, you have {{credits}} credits.</p><p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>`,
    },
  });
  const [draft] = await listVersions(services.db, template.id);
  if (!draft) throw new Error("template has no draft");
  await publishVersion(services.db, actor, { id: template.id, versionId: draft.id });
  return template;
}

export async function createSender(
  services: Services,
  actor: Actor,
  connector: CreateEmailConnectorInput = { name: `Dev inbox ${randomBytes(3).toString("hex")}`, type: "DEV_INBOX", config: {} },
  rate: { bucketSize: number; refillPerSecond: number } = { bucketSize: 100_000, refillPerSecond: 10_000 },
) {
  const emailConnector = await createEmailConnector(services, actor, connector);
  return createSenderProfile(services.db, actor, {
    name: `Sender ${randomBytes(3).toString("hex")}`,
    fromEmail: "news@acme.test",
    fromName: "Acme",
    emailConnectorId: emailConnector.id,
    ...rate,
  });
}
