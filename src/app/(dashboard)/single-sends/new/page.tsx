import type { Metadata } from "next";
import { SingleSendForm } from "@/components/single-sends/single-send-form";

export const metadata: Metadata = { title: "New single send" };

export default async function NewSingleSendPage({ searchParams }: { searchParams: Promise<{ campaignGroupId?: string | string[] }> }) {
  const { campaignGroupId } = await searchParams;
  return <SingleSendForm send={null} defaultGroupId={typeof campaignGroupId === "string" ? campaignGroupId : undefined} />;
}
