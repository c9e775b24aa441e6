import { checkReadiness } from "@/server/lib/readiness";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const services = getServices();
  const report = await checkReadiness(services.sql, services.redis);
  return Response.json(report, { status: report.ready ? 200 : 503 });
}
