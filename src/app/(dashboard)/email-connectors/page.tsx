import type { Metadata } from "next";
import { EmailConnectorsView } from "@/components/email-connectors/email-connectors-view";

export const metadata: Metadata = { title: "Email connectors" };

export default function EmailConnectorsPage() {
  return <EmailConnectorsView />;
}
