import type { Metadata } from "next";
import { RunDetail } from "@/components/single-sends/run-detail";

export const metadata: Metadata = { title: "Run" };

export default async function SingleSendRunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  return <RunDetail singleSendId={id} runId={runId} />;
}
