import type { Metadata } from "next";
import { SingleSendForm } from "@/components/single-sends/single-send-form";

export const metadata: Metadata = { title: "New single send" };

export default function NewSingleSendPage() {
  return <SingleSendForm send={null} />;
}
