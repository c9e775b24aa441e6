import type { Metadata } from "next";
import { CampaignGroupsView } from "@/components/campaign-groups/campaign-groups-view";

export const metadata: Metadata = { title: "Campaign groups" };

export default function CampaignGroupsPage() {
  return <CampaignGroupsView />;
}
