import type { Metadata } from "next";
import { CampaignGroupDetail } from "@/components/campaign-groups/campaign-group-detail";

export const metadata: Metadata = { title: "Campaign group" };

export default async function CampaignGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CampaignGroupDetail id={id} />;
}
