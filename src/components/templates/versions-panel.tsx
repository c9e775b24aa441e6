"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/ui/timestamp";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { versionLabel } from "./template-form";
import { VersionDiffView } from "./version-diff";

export type VersionSummary = RouterOutputs["templates"]["versions"][number];

function StatusBadge({ version }: { version: VersionSummary }) {
  if (version.status === "DRAFT") return <Badge variant="muted">Draft</Badge>;
  return (
    <span className="inline-flex gap-1">
      <Badge variant="secondary">Published</Badge>
      {version.active ? <Badge variant="success">Active</Badge> : null}
    </span>
  );
}

function VersionSelect({ id, label, value, onChange, versions }: { id: string; label: string; value: string; onChange: (id: string) => void; versions: VersionSummary[] }) {
  return (
    <FormField id={id} label={label}>
      {(control) => (
        <Select value={value} onValueChange={onChange}>
          <SelectTrigger {...control}>
            <SelectValue placeholder="Choose a version" />
          </SelectTrigger>
          <SelectContent>
            {versions.map((version) => (
              <SelectItem key={version.id} value={version.id}>
                {versionLabel(version)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </FormField>
  );
}

interface VersionsPanelProps {
  templateId: string;
  versions: VersionSummary[];
  /** The version open in the editor; the comparison starts from the one before it. */
  currentVersionId: string;
  onOpenVersion: (versionId: string) => void;
}

/** Version history with who created and published each one, and a diff between any two. */
export function VersionsPanel({ templateId, versions, currentVersionId, onOpenVersion }: VersionsPanelProps) {
  const trpc = useTRPC();
  const currentIndex = Math.max(0, versions.findIndex((version) => version.id === currentVersionId));
  const [toId, setToId] = useState(versions[currentIndex]?.id ?? "");
  const [fromId, setFromId] = useState(versions[currentIndex + 1]?.id ?? versions[currentIndex]?.id ?? "");
  const comparable = fromId !== "" && toId !== "" && fromId !== toId;
  const diff = useQuery({ ...trpc.templates.diff.queryOptions({ id: templateId, fromVersionId: fromId, toVersionId: toId }), enabled: comparable });

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>Published versions are frozen; the active one is what sends use.</CardDescription>
        </CardHeader>
        <CardContent>
          <div className="rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Version</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Subject</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>Published</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {versions.map((version) => (
                  <TableRow key={version.id} data-state={version.id === currentVersionId ? "selected" : undefined}>
                    <TableCell className="font-medium tabular-nums">v{version.version}</TableCell>
                    <TableCell>
                      <StatusBadge version={version} />
                    </TableCell>
                    <TableCell className="max-w-64 truncate">{version.subject}</TableCell>
                    <TableCell className="text-muted-foreground">
                      <div className="flex flex-col">
                        <Timestamp date={version.createdAt} />
                        <span className="text-xs">{version.createdByEmail ?? "—"}</span>
                      </div>
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {version.publishedAt ? (
                        <div className="flex flex-col">
                          <Timestamp date={version.publishedAt} />
                          <span className="text-xs">{version.publishedByEmail ?? "—"}</span>
                        </div>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {version.id === currentVersionId ? (
                        <span className="text-xs text-muted-foreground">Open</span>
                      ) : (
                        <Button type="button" variant="ghost" size="sm" onClick={() => onOpenVersion(version.id)} aria-label={`Open version ${version.version}`}>
                          Open
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Compare</CardTitle>
          <CardDescription>Line changes in subject, preheader, body and text part between two versions.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {versions.length < 2 ? (
            <p className="text-sm text-muted-foreground">There is only one version so far.</p>
          ) : (
            <>
              <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
                <VersionSelect id="template-compare-from" label="From version" value={fromId} onChange={setFromId} versions={versions} />
                <VersionSelect id="template-compare-to" label="To version" value={toId} onChange={setToId} versions={versions} />
              </div>
              {!comparable ? <p className="text-sm text-muted-foreground">Choose two different versions.</p> : null}
              {comparable && diff.isPending ? <Skeleton className="h-40 w-full" aria-label="Loading" /> : null}
              {comparable && diff.isError ? (
                <ErrorState title="Could not compare the versions" error={diff.error} onRetry={() => void diff.refetch()} retrying={diff.isFetching} />
              ) : null}
              {comparable && diff.data ? <VersionDiffView diff={diff.data} /> : null}
            </>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
