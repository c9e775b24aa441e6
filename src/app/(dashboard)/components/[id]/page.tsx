import type { Metadata } from "next";
import { ComponentEditorPage } from "@/components/components/component-editor-page";

export const metadata: Metadata = { title: "Component" };

export default async function ComponentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ComponentEditorPage id={id} />;
}
