import type { Metadata } from "next";
import { WorkspaceSettingsView } from "@/components/settings/workspace-settings-view";

export const metadata: Metadata = { title: "Workspace settings" };

export default function WorkspaceSettingsPage() {
  return <WorkspaceSettingsView />;
}
