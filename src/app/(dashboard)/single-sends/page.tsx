import type { Metadata } from "next";
import { SingleSendsView } from "@/components/single-sends/single-sends-view";

export const metadata: Metadata = { title: "Single sends" };

export default function SingleSendsPage() {
  return <SingleSendsView />;
}
