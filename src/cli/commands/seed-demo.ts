import { DEMO_DATA_CONNECTOR_NAME, DEMO_SEGMENT, seedDemo } from "@/server/domain/demo/seed-demo";
import type { Services } from "@/server/services";

const state = (created: boolean) => (created ? "created" : "already present");

export async function runSeedDemo(services: Pick<Services, "db" | "keyring" | "env">): Promise<string[]> {
  const summary = await seedDemo({ db: services.db, keyring: services.keyring, databaseUrl: services.env.DATABASE_URL });
  return [
    `Demo customers: ${summary.customers.total.toLocaleString("en-US")} in demo.customers (${summary.customers.inserted.toLocaleString("en-US")} added now).`,
    `Workspace settings: ${state(summary.settingsCreated)}.`,
    `Data connector "${DEMO_DATA_CONNECTOR_NAME}" (reads demo.customers): ${state(summary.dataConnectorCreated)}.`,
    `Segment "${DEMO_SEGMENT.name}": ${state(summary.segmentCreated)}.`,
    `Email connector "Dev inbox": ${state(summary.emailConnectorCreated)}.`,
    `Sender profile "Acme Demo": ${state(summary.senderProfileCreated)}.`,
    `Components header, button, footer: ${summary.componentsCreated} created now.`,
    `Template "Credits running low" (credits-low, published): ${state(summary.templateCreated)}.`,
    summary.admin.created
      ? `Admin login: ${summary.admin.email} / emailops-demo`
      : `Admin login: ${summary.admin.email} (already existed; its password was left unchanged).`,
  ];
}
