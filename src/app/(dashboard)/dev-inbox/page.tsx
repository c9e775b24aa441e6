import type { Metadata } from "next";
import { DevInboxView } from "@/components/dev-inbox/dev-inbox-view";

export const metadata: Metadata = { title: "Dev inbox" };

export default function DevInboxPage() {
  return <DevInboxView />;
}
