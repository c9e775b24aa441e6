import { seedDemo } from "@/server/domain/demo/seed-demo";
import type { Services } from "@/server/services";

const state = (created: boolean) => (created ? "created" : "already present");

export async function runSeedDemo(services: Pick<Services, "db" | "keyring">): Promise<string[]> {
  const summary = await seedDemo(services);
  return [
    `Demo customers: ${summary.customers.total.toLocaleString("en-US")} in demo.customers (${summary.customers.inserted.toLocaleString("en-US")} added now).`,
    `Workspace settings: ${state(summary.settingsCreated)}.`,
    `Email connector "Dev inbox": ${state(summary.emailConnectorCreated)}.`,
    `Sender profile "Acme Demo": ${state(summary.senderProfileCreated)}.`,
    summary.admin.created
      ? `Admin login: ${summary.admin.email} / emailops-demo`
      : `Admin login: ${summary.admin.email} (already existed; its password was left unchanged).`,
  ];
}
