"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { defaultVersion } from "./template-form";
import { TemplateEditor } from "./template-editor";

/**
 * Loads a template, its versions and the version being edited. The editor remounts per version, so switching
 * versions starts from that version's stored content; refetches of the same version keep what the author typed.
 */
export function TemplateEditorPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const template = useQuery(trpc.templates.get.queryOptions({ id }));
  const versions = useQuery(trpc.templates.versions.queryOptions({ id }));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const versionId = versions.data?.some((v) => v.id === selectedId) ? selectedId : (versions.data ? (defaultVersion(versions.data)?.id ?? null) : null);
  const version = useQuery({ ...trpc.templates.getVersion.queryOptions({ id, versionId: versionId ?? "" }), enabled: versionId !== null });

  if (template.isError) {
    return <ErrorState title="Could not load the template" error={template.error} onRetry={() => void template.refetch()} retrying={template.isFetching} />;
  }
  if (versions.isError) {
    return <ErrorState title="Could not load the versions" error={versions.error} onRetry={() => void versions.refetch()} retrying={versions.isFetching} />;
  }
  if (version.isError) {
    return <ErrorState title="Could not load the version" error={version.error} onRetry={() => void version.refetch()} retrying={version.isFetching} />;
  }
  if (template.isSuccess && versions.isSuccess && versions.data.length === 0) {
    return <ErrorState title="This template has no versions" error={new Error("Create a version through the API, or delete the template and create it again.")} />;
  }
  if (!template.data || !versions.data || !version.data) return <Skeleton className="h-[40rem] w-full" aria-label="Loading" />;

  return (
    <TemplateEditor
      key={version.data.id}
      template={template.data}
      versions={versions.data}
      version={version.data}
      onSelectVersion={setSelectedId}
    />
  );
}
