import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { dataConnectors, emailConnectors, segments, senderProfiles } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { systemActor } from "../auth/actor";
import { createDataConnector } from "../data-connectors/data-connectors";
import { createEmailConnector } from "../email-connectors/email-connectors";
import { createSegment } from "../segments/segments";
import { createSenderProfile } from "../sender-profiles/sender-profiles";
import { getWorkspaceSettings, updateWorkspaceSettings } from "../settings/settings";
import { createUser, findUserByEmail } from "../users/users";
import { DEMO_READER_ROLE, seedDemoCustomers } from "./demo-customers";
import { ensureDemoTemplates } from "./demo-templates";

export const DEMO_ADMIN = { email: "admin@emailops.local", password: "emailops-demo" } as const;
export const DEMO_EMAIL_CONNECTOR_NAME = "Dev inbox";
export const DEMO_DATA_CONNECTOR_NAME = "Demo warehouse";
export const DEMO_SENDER_PROFILE = {
  name: "Acme Demo",
  fromEmail: "hello@acme.test",
  fromName: "Acme",
  bucketSize: 100,
  refillPerSecond: 10,
} as const;
const DEMO_SETTINGS = {
  organizationName: "Acme Demo",
  postalAddress: "Acme Demo GmbH, Musterstraße 1, 10115 Berlin, Germany",
  defaultTimezone: "Europe/Berlin",
} as const;

const seedActor = systemActor("seed-demo");

export interface DemoSeedDeps {
  db: Database;
  keyring: Keyring;
  /** The system database's URL; the demo data connector reads the `demo` schema of that same database. */
  databaseUrl: string;
}

export interface DemoSeedSummary {
  customers: { total: number; inserted: number };
  admin: { email: string; created: boolean };
  settingsCreated: boolean;
  dataConnectorCreated: boolean;
  segmentCreated: boolean;
  emailConnectorCreated: boolean;
  senderProfileCreated: boolean;
  /** Library components (header, button, footer) added now. */
  componentsCreated: number;
  /** The published "Credits running low" template. */
  templateCreated: boolean;
}

async function ensureAdmin(db: Database): Promise<boolean> {
  if (await findUserByEmail(db, DEMO_ADMIN.email)) return false;
  await createUser(db, seedActor, { ...DEMO_ADMIN, name: "Demo admin", role: "admin" });
  return true;
}

/** Settings never saved read as defaults with no updatedAt; saved ones are the operator's and stay untouched. */
async function ensureSettings(db: Database): Promise<boolean> {
  if ((await getWorkspaceSettings(db)).updatedAt !== null) return false;
  await updateWorkspaceSettings(db, seedActor, DEMO_SETTINGS);
  return true;
}

/** Same server and database as the system DB, but logged in as the role that may only read `demo`. */
export function demoWarehouseConnectionString(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = DEMO_READER_ROLE;
  url.password = "";
  return url.toString();
}

async function ensureDataConnector(deps: DemoSeedDeps): Promise<{ id: string; created: boolean }> {
  const [existing] = await deps.db.select({ id: dataConnectors.id }).from(dataConnectors).where(eq(dataConnectors.name, DEMO_DATA_CONNECTOR_NAME));
  if (existing) return { id: existing.id, created: false };
  const created = await createDataConnector(deps, seedActor, {
    name: DEMO_DATA_CONNECTOR_NAME,
    type: "POSTGRES",
    config: { connectionString: demoWarehouseConnectionString(deps.databaseUrl) },
  });
  return { id: created.id, created: true };
}

/** Customers the "Credits running low" template is written for; `:threshold` shows how parameters work. */
export const DEMO_SEGMENT = {
  name: "Credits running low",
  description: "Customers with fewer credits than the threshold (the demo template's audience).",
  sqlQuery: "select subject_id, email, first_name, plan, credits\nfrom demo.customers\nwhere credits < :threshold\norder by credits",
  parameters: [{ name: "threshold", type: "number" as const, default: 20 }],
};

async function ensureSegment(db: Database, dataConnectorId: string): Promise<boolean> {
  const [existing] = await db.select({ id: segments.id }).from(segments).where(eq(segments.name, DEMO_SEGMENT.name));
  if (existing) return false;
  await createSegment(db, seedActor, { ...DEMO_SEGMENT, dataConnectorId });
  return true;
}

async function ensureEmailConnector(deps: DemoSeedDeps): Promise<{ id: string; created: boolean }> {
  const [existing] = await deps.db
    .select({ id: emailConnectors.id })
    .from(emailConnectors)
    .where(eq(emailConnectors.name, DEMO_EMAIL_CONNECTOR_NAME));
  if (existing) return { id: existing.id, created: false };
  const created = await createEmailConnector(deps, seedActor, { name: DEMO_EMAIL_CONNECTOR_NAME, type: "DEV_INBOX", config: {} });
  return { id: created.id, created: true };
}

async function ensureSenderProfile(db: Database, emailConnectorId: string): Promise<boolean> {
  const [existing] = await db.select({ id: senderProfiles.id }).from(senderProfiles).where(eq(senderProfiles.name, DEMO_SENDER_PROFILE.name));
  if (existing) return false;
  await createSenderProfile(db, seedActor, { ...DEMO_SENDER_PROFILE, emailConnectorId });
  return true;
}

/**
 * The embedded demo workspace: synthetic customers in the `demo` schema of the system database, a data connector
 * reading them, an admin login, workspace settings, the dev inbox, a sender profile, three library components and a
 * published template using them. Safe to run again: it only creates what is missing and never touches what exists
 * (an existing admin keeps their password).
 */
export async function seedDemo(deps: DemoSeedDeps): Promise<DemoSeedSummary> {
  const customers = await deps.db.transaction((tx) => seedDemoCustomers(tx));
  const adminCreated = await ensureAdmin(deps.db);
  const settingsCreated = await ensureSettings(deps.db);
  const dataConnector = await ensureDataConnector(deps);
  const segmentCreated = await ensureSegment(deps.db, dataConnector.id);
  const connector = await ensureEmailConnector(deps);
  const senderProfileCreated = await ensureSenderProfile(deps.db, connector.id);
  const demoTemplates = await ensureDemoTemplates(deps.db, seedActor);
  return {
    customers,
    admin: { email: DEMO_ADMIN.email, created: adminCreated },
    settingsCreated,
    dataConnectorCreated: dataConnector.created,
    segmentCreated,
    emailConnectorCreated: connector.created,
    senderProfileCreated,
    ...demoTemplates,
  };
}
