import type { Metadata } from "next";
import { SingleSendEditPage } from "@/components/single-sends/single-send-form";

export const metadata: Metadata = { title: "Edit single send" };

export default async function EditSingleSendPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SingleSendEditPage id={id} />;
}
