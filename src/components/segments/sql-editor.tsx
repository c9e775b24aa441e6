"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** CodeMirror touches the DOM on import, so it only ever loads in the browser. */
export const SqlEditor = dynamic(() => import("./sql-code-editor"), {
  ssr: false,
  loading: () => <Skeleton className="h-[222px] w-full rounded-md" aria-label="Loading editor" />,
});

export type { SqlCodeEditorProps, SqlEngine } from "./sql-code-editor";
