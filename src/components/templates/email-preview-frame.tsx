"use client";

import { Monitor, Smartphone } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { cn } from "@/lib/utils";

export type PreviewWidth = "desktop" | "mobile";

interface EmailPreviewFrameProps {
  html: string;
  /** The text part; without it only the HTML is shown. */
  text?: string;
  title: string;
  /** Shown above the frame, e.g. the inbox line. */
  header?: ReactNode;
  /** True while a newer render is on its way; the previous one stays visible, dimmed. */
  stale?: boolean;
  heightClass?: string;
}

/** The rendered email in a sandboxed frame at desktop or mobile width, with its text part beside it. */
export function EmailPreviewFrame({ html, text, title, header, stale = false, heightClass = "h-[40rem]" }: EmailPreviewFrameProps) {
  const [width, setWidth] = useState<PreviewWidth>("desktop");
  return (
    <Tabs defaultValue="html" className="gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {text === undefined ? (
          <span />
        ) : (
          <TabsList>
            <TabsTrigger value="html">HTML</TabsTrigger>
            <TabsTrigger value="text">Text</TabsTrigger>
          </TabsList>
        )}
        <div className="flex items-center gap-1" role="group" aria-label="Preview width">
          <Button type="button" size="sm" variant={width === "desktop" ? "secondary" : "ghost"} aria-pressed={width === "desktop"} onClick={() => setWidth("desktop")}>
            <Monitor aria-hidden /> Desktop
          </Button>
          <Button type="button" size="sm" variant={width === "mobile" ? "secondary" : "ghost"} aria-pressed={width === "mobile"} onClick={() => setWidth("mobile")}>
            <Smartphone aria-hidden /> Mobile
          </Button>
        </div>
      </div>
      {header}
      <TabsContent value="html" className={cn("transition-opacity", stale && "opacity-60")}>
        <div className="overflow-x-auto rounded-lg border bg-muted/40">
          {/* sandbox="" blocks scripts, forms and navigation: the rendered email is shown, never run. */}
          <iframe
            title={title}
            sandbox=""
            srcDoc={html}
            data-preview-width={width}
            className={cn("mx-auto block bg-white", heightClass, width === "desktop" ? "w-full min-w-[640px]" : "w-[375px] border-x")}
          />
        </div>
      </TabsContent>
      {text === undefined ? null : (
        <TabsContent value="text" className={cn("transition-opacity", stale && "opacity-60")}>
          <pre className={cn("overflow-auto rounded-lg border bg-muted/40 p-4 font-mono text-xs whitespace-pre-wrap", heightClass)}>{text || "(empty text part)"}</pre>
        </TabsContent>
      )}
    </Tabs>
  );
}
