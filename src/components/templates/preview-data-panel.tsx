"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, EyeOff } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";

export type PreviewDataMode = "json" | "segment";

export interface SegmentRowsState {
  /** Rows of the segment's dry run the preview can switch between. */
  rows: { subjectId: string; email: string }[];
  count: number;
  masked: boolean;
}

interface PreviewDataPanelProps {
  mode: PreviewDataMode;
  onModeChange: (mode: PreviewDataMode) => void;
  jsonText: string;
  onJsonTextChange: (text: string) => void;
  jsonError: string | null;
  segmentId: string;
  onSegmentChange: (segmentId: string) => void;
  rowIndex: number;
  onRowIndexChange: (rowIndex: number) => void;
  segmentRows: SegmentRowsState | null;
  /** Copies the current segment row into the JSON box, to tweak it by hand. */
  onUseRowAsJson?: () => void;
}

const integer = new Intl.NumberFormat("en");

/** Where the preview's variables come from: hand-written JSON or real rows of a segment's dry run. */
export function PreviewDataPanel(props: PreviewDataPanelProps) {
  const trpc = useTRPC();
  const segments = useQuery({ ...trpc.segments.list.queryOptions(), enabled: props.mode === "segment" });
  const { segmentRows, rowIndex } = props;
  const rowCount = segmentRows?.rows.length ?? 0;
  const row = segmentRows?.rows[rowIndex];

  return (
    <Tabs value={props.mode} onValueChange={(mode) => props.onModeChange(mode as PreviewDataMode)} className="gap-3">
      <TabsList>
        <TabsTrigger value="json">JSON</TabsTrigger>
        <TabsTrigger value="segment">Rows from a segment</TabsTrigger>
      </TabsList>
      <TabsContent value="json">
        <FormField
          id="template-preview-data"
          label="Preview data (JSON)"
          error={props.jsonError ?? undefined}
          hint='One object; its keys are the variables, e.g. {"first_name": "Ada"}.'
        >
          <Textarea
            rows={6}
            spellCheck={false}
            className="max-h-72 font-mono text-xs"
            value={props.jsonText}
            onChange={(event) => props.onJsonTextChange(event.target.value)}
          />
        </FormField>
      </TabsContent>
      <TabsContent value="segment" className="grid gap-3">
        <FormField
          id="template-preview-segment"
          label="Segment"
          hint={
            segments.isSuccess && segments.data.length === 0 ? (
              <>
                No segments yet.{" "}
                <Link href="/segments/new" className="underline underline-offset-4">
                  Write one
                </Link>{" "}
                to preview with real rows.
              </>
            ) : (
              "Its dry run supplies up to 20 rows; every column is a variable."
            )
          }
        >
          {(control) => (
            <Select value={props.segmentId} onValueChange={props.onSegmentChange}>
              <SelectTrigger {...control}>
                <SelectValue placeholder={segments.isPending ? "Loading…" : "Choose a segment"} />
              </SelectTrigger>
              <SelectContent>
                {(segments.data ?? []).map((segment) => (
                  <SelectItem key={segment.id} value={segment.id}>
                    {segment.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        {segmentRows ? (
          <div className="grid gap-2">
            <div className="flex flex-wrap items-center gap-2">
              <Button
                type="button"
                variant="outline"
                size="icon-sm"
                aria-label="Previous row"
                disabled={rowIndex <= 0}
                onClick={() => props.onRowIndexChange(rowIndex - 1)}
              >
                <ChevronLeft aria-hidden />
              </Button>
              <span className="text-sm tabular-nums" data-testid="template-preview-row" aria-live="polite">
                {rowCount === 0 ? "No rows" : `Row ${rowIndex + 1} of ${rowCount}`}
              </span>
              <Button
                type="button"
                variant="outline"
                size="icon-sm"
                aria-label="Next row"
                disabled={rowIndex >= rowCount - 1}
                onClick={() => props.onRowIndexChange(rowIndex + 1)}
              >
                <ChevronRight aria-hidden />
              </Button>
              {row ? <span className="min-w-0 truncate font-mono text-xs text-muted-foreground">{row.email}</span> : null}
            </div>
            <p className="text-xs text-muted-foreground">
              The segment selects {integer.format(segmentRows.count)} recipient{segmentRows.count === 1 ? "" : "s"}.
            </p>
            {segmentRows.masked ? (
              <p className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
                <EyeOff className="size-3.5" aria-hidden /> Emails are masked for members in this workspace.
              </p>
            ) : null}
            {props.onUseRowAsJson && row ? (
              <div>
                <Button type="button" variant="link" size="sm" className="h-auto px-0" onClick={props.onUseRowAsJson}>
                  Edit this row as JSON
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
      </TabsContent>
    </Tabs>
  );
}
