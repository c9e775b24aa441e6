"use client";

import { useEffect, useState } from "react";
import { useDebouncedValue } from "./use-debounced-value";

interface RenderState<Req, Res> {
  request: Req | null;
  result: Res | null;
  error: unknown;
}

/**
 * Runs `render(request)` once the author pauses (debounced), keeping only the newest answer. A failed render keeps
 * the last good result next to the error, so a typo does not blank the preview. `render` must be stable.
 */
export function useDebouncedRender<Req, Res>(request: Req | null, render: (request: Req, signal: AbortSignal) => Promise<Res>, delayMs = 400) {
  const debounced = useDebouncedValue(request, delayMs);
  const [state, setState] = useState<RenderState<Req, Res>>({ request: null, result: null, error: null });

  useEffect(() => {
    if (debounced === null) return;
    const controller = new AbortController();
    render(debounced, controller.signal).then(
      (result) => {
        if (!controller.signal.aborted) setState({ request: debounced, result, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((current) => ({ request: debounced, result: current.result, error }));
      },
    );
    return () => controller.abort();
  }, [render, debounced]);

  return {
    result: state.result,
    error: state.error,
    /** The shown result is older than the current request. */
    pending: request !== null && request !== state.request,
  };
}
