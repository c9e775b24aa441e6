"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** CodeMirror touches the DOM on import, so it only ever loads in the browser. */
export const MarkupEditor = dynamic(() => import("./markup-code-editor"), {
  ssr: false,
  loading: () => <Skeleton className="h-[422px] w-full rounded-md" aria-label="Loading editor" />,
});

export type { MarkupCodeEditorProps, MarkupLanguage } from "./markup-code-editor";
