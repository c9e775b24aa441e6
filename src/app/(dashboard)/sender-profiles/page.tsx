import type { Metadata } from "next";
import { SenderProfilesView } from "@/components/sender-profiles/sender-profiles-view";

export const metadata: Metadata = { title: "Sender profiles" };

export default function SenderProfilesPage() {
  return <SenderProfilesView />;
}
