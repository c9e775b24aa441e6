import { randomUUID } from "node:crypto";
import { resolveRequestActor } from "@/server/auth/request-actor";
import { logger } from "@/server/lib/logger";
import { getServices } from "@/server/services";
import type { TRPCContext } from "./trpc";

export async function createRequestContext(req: Request): Promise<TRPCContext> {
  const services = getServices();
  const actor = await resolveRequestActor(services, req.headers);
  return {
    services,
    actor,
    log: logger().child({ requestId: req.headers.get("x-request-id") ?? randomUUID(), actor: actor?.type ?? "anonymous" }),
  };
}
