import { logger } from "@/server/lib/logger";
import { getServices } from "@/server/services";
import { handleUnsubscribeRequest } from "./unsubscribe-handler";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ token: string }>;
}

/** Public on purpose (no session, no API key): the token itself is the credential. */
async function handler(request: Request, { params }: RouteContext): Promise<Response> {
  const { token } = await params;
  const { db, env } = getServices();
  return handleUnsubscribeRequest({ db, env, log: logger().child({ route: "unsubscribe" }) }, request, token);
}

export { handler as GET, handler as POST };
