import { createRequestContext } from "@/server/api/context";
import { handleRestRequest } from "@/server/api/rest";

export const dynamic = "force-dynamic";

const handler = (req: Request) => handleRestRequest(req, () => createRequestContext(req));

export { handler as GET, handler as POST, handler as PATCH, handler as PUT, handler as DELETE };
