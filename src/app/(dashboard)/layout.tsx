import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { requestPathHeader, safeCallbackUrl } from "@/lib/callback-url";
import { sessionActor } from "@/server/auth/request-actor";
import { getServices } from "@/server/services";

/** Every page in this group needs a signed-in user; the user is re-read from the database on each request. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await connection();
  const actor = await sessionActor(getServices());
  if (!actor || actor.type !== "user") {
    const requested = safeCallbackUrl((await headers()).get(requestPathHeader));
    redirect(`/login?callbackUrl=${encodeURIComponent(requested)}`);
  }
  return <DashboardShell user={{ id: actor.id, email: actor.email, role: actor.role }}>{children}</DashboardShell>;
}
