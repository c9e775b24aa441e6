import { openApiDocument } from "@/server/api/openapi";
import { env } from "@/server/lib/env";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(env().APP_URL));
}
