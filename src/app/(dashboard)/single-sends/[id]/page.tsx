import type { Metadata } from "next";
import { SingleSendDetail } from "@/components/single-sends/single-send-detail";

export const metadata: Metadata = { title: "Single send" };

export default async function SingleSendPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SingleSendDetail id={id} />;
}
