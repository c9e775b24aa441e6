import type { Metadata } from "next";
import { TemplateEditorPage } from "@/components/templates/template-editor-page";

export const metadata: Metadata = { title: "Template" };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TemplateEditorPage id={id} />;
}
