import type { Metadata } from "next";
import { DataConnectorsView } from "@/components/data-connectors/data-connectors-view";

export const metadata: Metadata = { title: "Data connectors" };

export default function DataConnectorsPage() {
  return <DataConnectorsView />;
}
