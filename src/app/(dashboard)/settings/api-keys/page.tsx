import type { Metadata } from "next";
import { ApiKeysView } from "@/components/api-keys/api-keys-view";
import { AdminOnly } from "@/components/layout/admin-only";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <AdminOnly title="API keys">
      <ApiKeysView />
    </AdminOnly>
  );
}
