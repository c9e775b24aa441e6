import { getServerSession } from "next-auth";
import { actorFromAuthorizationHeader } from "@/server/domain/api-keys/api-keys";
import type { Actor } from "@/server/domain/auth/actor";
import { getUser } from "@/server/domain/users/users";
import type { Services } from "@/server/services";
import { authOptions } from "./config";

/**
 * A bearer API key wins over a session cookie. The session's user is re-read from the database so a deleted
 * user or a changed role takes effect on the next request, not when the JWT expires.
 */
export async function resolveRequestActor(services: Services, headers: Headers): Promise<Actor | null> {
  const authorization = headers.get("authorization");
  if (authorization) return actorFromAuthorizationHeader(services.db, authorization);
  return sessionActor(services);
}

export async function sessionActor(services: Services): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  const user = await getUser(services.db, session.user.id);
  return user ? { type: "user", id: user.id, email: user.email, role: user.role } : null;
}
