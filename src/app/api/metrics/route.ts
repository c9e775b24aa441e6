import { createMetrics, type Metrics } from "@/server/lib/metrics";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

const globalForMetrics = globalThis as unknown as { emailopsWebMetrics?: Metrics };

export async function GET() {
  globalForMetrics.emailopsWebMetrics ??= createMetrics({ queues: getServices().queues, process: "web" });
  const { registry } = globalForMetrics.emailopsWebMetrics;
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
