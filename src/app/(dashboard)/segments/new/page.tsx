import type { Metadata } from "next";
import { SegmentEditor } from "@/components/segments/segment-editor";

export const metadata: Metadata = { title: "New segment" };

export default function NewSegmentPage() {
  return <SegmentEditor segment={null} />;
}
