import { resolveRequestActor } from "@/server/auth/request-actor";
import { logger } from "@/server/lib/logger";
import { getServices } from "@/server/services";
import { handleSuppressionsExport } from "./export-handler";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const services = getServices();
  return handleSuppressionsExport(
    {
      db: services.db,
      sql: services.sql,
      log: logger().child({ route: "suppressions-export" }),
      resolveActor: (headers) => resolveRequestActor(services, headers),
    },
    request,
  );
}
