"use client";

import { EyeOff } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/trpc/react";

export type PreviewResult = RouterOutputs["segments"]["preview"];

const integer = new Intl.NumberFormat("en");
const units = ["B", "KB", "MB", "GB", "TB", "PB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function PreviewResults({ result }: { result: PreviewResult }) {
  return (
    <div className="grid gap-3" data-testid="segment-preview-result">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div className="flex gap-1.5">
          <dt className="text-muted-foreground">Total count</dt>
          <dd className="font-medium tabular-nums" data-testid="segment-preview-count">
            {integer.format(result.count)}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-muted-foreground">Duration</dt>
          <dd className="tabular-nums">{integer.format(Math.round(result.durationMs))} ms</dd>
        </div>
        {result.bytesProcessed !== undefined ? (
          <div className="flex gap-1.5">
            <dt className="text-muted-foreground">Bytes processed</dt>
            <dd className="tabular-nums">{formatBytes(result.bytesProcessed)}</dd>
          </div>
        ) : null}
        <div className="flex gap-1.5">
          <dt className="text-muted-foreground">Showing</dt>
          <dd className="tabular-nums">
            {integer.format(result.rows.length)} row{result.rows.length === 1 ? "" : "s"}
          </dd>
        </div>
      </dl>
      {result.masked ? (
        <p className="inline-flex items-center gap-1.5 text-sm text-muted-foreground">
          <EyeOff className="size-3.5" aria-hidden /> Emails are masked for members in this workspace.
        </p>
      ) : null}
      {result.rows.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">The query returned no rows.</p>
      ) : (
        <div className="max-h-[28rem] overflow-auto rounded-md border">
          <Table>
            <TableHeader className="sticky top-0 bg-background">
              <TableRow>
                {result.columns.map((column) => (
                  <TableHead key={column.name} className="whitespace-nowrap">
                    <span className="font-mono">{column.name}</span> <span className="text-xs font-normal text-muted-foreground">{column.type}</span>
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.rows.map((row, index) => (
                <TableRow key={index}>
                  {result.columns.map((column) => {
                    const value = row[column.name];
                    return (
                      <TableCell key={column.name} className={value === null || value === undefined ? "font-mono text-muted-foreground" : "font-mono whitespace-nowrap"}>
                        {formatCell(value)}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
