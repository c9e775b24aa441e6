"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { ComponentEditor } from "./component-editor";

/** Loads a component into the editor; the editor keeps its own form state across refetches of the same component. */
export function ComponentEditorPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const component = useQuery(trpc.components.get.queryOptions({ id }));
  if (component.isPending) return <Skeleton className="h-[36rem] w-full" aria-label="Loading" />;
  if (component.isError) {
    return <ErrorState title="Could not load the component" error={component.error} onRetry={() => void component.refetch()} retrying={component.isFetching} />;
  }
  return <ComponentEditor key={component.data.id} component={component.data} />;
}
