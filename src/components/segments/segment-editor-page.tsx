"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { SegmentEditor } from "./segment-editor";

/** Loads a saved segment into the editor; the editor keeps its own form state across refetches of the same segment. */
export function SegmentEditorPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const segment = useQuery(trpc.segments.get.queryOptions({ id }));
  if (segment.isPending) return <Skeleton className="h-[36rem] w-full" aria-label="Loading" />;
  if (segment.isError) {
    return <ErrorState title="Could not load the segment" error={segment.error} onRetry={() => void segment.refetch()} retrying={segment.isFetching} />;
  }
  return <SegmentEditor key={segment.data.id} segment={segment.data} />;
}
