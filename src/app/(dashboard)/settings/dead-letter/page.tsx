import type { Metadata } from "next";
import { DeadLetterView } from "@/components/dead-letter/dead-letter-view";
import { AdminOnly } from "@/components/layout/admin-only";

export const metadata: Metadata = { title: "Dead letter" };

export default function DeadLetterPage() {
  return (
    <AdminOnly title="Dead letter">
      <DeadLetterView />
    </AdminOnly>
  );
}
