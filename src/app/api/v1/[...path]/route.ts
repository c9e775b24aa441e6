import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { createRequestContext } from "@/server/api/context";
import { REST_BASE_PATH } from "@/server/api/openapi";
import { appRouter } from "@/server/api/root";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  createOpenApiFetchHandler({ endpoint: REST_BASE_PATH, router: appRouter, createContext: () => createRequestContext(req), req });

export { handler as GET, handler as POST, handler as PATCH, handler as PUT, handler as DELETE };
