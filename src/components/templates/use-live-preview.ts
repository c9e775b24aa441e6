"use client";

import { useCallback } from "react";
import { useTRPCClient, type RouterInputs, type RouterOutputs } from "@/trpc/react";
import { useDebouncedRender } from "./use-debounced-render";

export type PreviewRequest =
  | { kind: "source"; input: RouterInputs["templates"]["previewSource"] }
  | { kind: "saved"; input: RouterInputs["templates"]["preview"] }
  | { kind: "segment"; input: RouterInputs["templates"]["previewWithSegment"] };

export type TemplatePreview = RouterOutputs["templates"]["preview"];
export type SegmentPreview = RouterOutputs["templates"]["previewWithSegment"];

/**
 * The editor's live preview: the template rendered through the server, debounced, newest answer wins. A segment
 * request also hands its rows to `onSegmentRows`, so later renders reuse the row instead of re-running the dry run.
 */
export function useLivePreview(request: PreviewRequest | null, onSegmentRows: (segment: SegmentPreview, segmentId: string) => void, delayMs = 400) {
  const client = useTRPCClient();
  const render = useCallback(
    async (next: PreviewRequest, signal: AbortSignal): Promise<TemplatePreview> => {
      switch (next.kind) {
        case "source":
          return client.templates.previewSource.mutate(next.input, { signal });
        case "saved":
          return client.templates.preview.mutate(next.input, { signal });
        case "segment": {
          const segment = await client.templates.previewWithSegment.mutate(next.input, { signal });
          if (!signal.aborted) onSegmentRows(segment, next.input.segmentId);
          return segment;
        }
      }
    },
    [client, onSegmentRows],
  );
  return useDebouncedRender(request, render, delayMs);
}
