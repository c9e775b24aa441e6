"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, UsersRound } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { useTRPC } from "@/trpc/react";

const integer = new Intl.NumberFormat("en");
const engineLabel = { POSTGRES: "PostgreSQL", BIGQUERY: "BigQuery" } as const;

function NewSegmentButton() {
  return (
    <Button asChild>
      <Link href="/segments/new">
        <Plus aria-hidden /> New segment
      </Link>
    </Button>
  );
}

export function SegmentsView() {
  const trpc = useTRPC();
  const segments = useQuery(trpc.segments.list.queryOptions());
  const columns = ["Name", "Data connector", "Last dry run", "Last edit"];

  let body: ReactNode;
  if (segments.isPending) {
    body = <TableSkeleton columns={columns} rows={3} />;
  } else if (segments.isError) {
    body = <ErrorState title="Could not load segments" error={segments.error} onRetry={() => void segments.refetch()} retrying={segments.isFetching} />;
  } else if (segments.data.length === 0) {
    body = (
      <EmptyState
        icon={UsersRound}
        title="No segments yet"
        text="A segment is an audience written as SQL against your own data: it returns subject_id and email for everyone who should get an email."
        action={<NewSegmentButton />}
      />
    );
  } else {
    body = (
      <div className="rounded-lg border">
        <Table>
          <TableHeader>
            <TableRow>
              {columns.map((column) => (
                <TableHead key={column}>{column}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {segments.data.map((segment) => (
              <TableRow key={segment.id}>
                <TableCell className="font-medium">
                  <Link href={`/segments/${segment.id}`} className="underline-offset-4 hover:underline">
                    {segment.name}
                  </Link>
                  {segment.description ? <p className="max-w-md truncate text-xs font-normal text-muted-foreground">{segment.description}</p> : null}
                </TableCell>
                <TableCell>
                  <span className="mr-2">{segment.dataConnectorName}</span>
                  <Badge variant="outline">{engineLabel[segment.dataConnectorType]}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  {segment.lastDryRunAt && segment.lastDryRunCount !== null ? (
                    <>
                      <span className="font-medium text-foreground tabular-nums">{integer.format(segment.lastDryRunCount)}</span> ·{" "}
                      <Timestamp date={segment.lastDryRunAt} relative />
                    </>
                  ) : (
                    "never run"
                  )}
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <Timestamp date={segment.updatedAt} relative />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Segments"
        description="Audiences as SQL, run through the Query Governor against your own warehouse."
        actions={segments.isSuccess && segments.data.length > 0 ? <NewSegmentButton /> : null}
      />
      {body}
    </div>
  );
}
