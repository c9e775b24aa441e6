import type { Metadata } from "next";
import { AuditLogView } from "@/components/audit-log/audit-log-view";
import { AdminOnly } from "@/components/layout/admin-only";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return (
    <AdminOnly title="Audit log">
      <AuditLogView />
    </AdminOnly>
  );
}
