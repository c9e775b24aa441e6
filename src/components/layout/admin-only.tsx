"use client";

import { Lock } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { useCurrentUser } from "./current-user";

export function AdminsOnlyState() {
  return (
    <EmptyState
      icon={Lock}
      title="Admins only"
      text="Only workspace admins can see and change this page. Ask an admin if you need access."
    />
  );
}

/** Renders the children for admins and a friendly explanation for everyone else (the API refuses them anyway). */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const user = useCurrentUser();
  if (user.role === "admin") return children;
  return (
    <div className="space-y-6">
      <PageHeader title={title} />
      <AdminsOnlyState />
    </div>
  );
}
