"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw, Skull } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { AdminsOnlyState } from "@/components/layout/admin-only";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { paginate } from "@/lib/paginate";
import { describeTrpcError, trpcErrorCode } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { DeadLetterJobDialog, type DeadLetterJob } from "./dead-letter-job-dialog";

const PAGE_SIZE = 25;
const columns = ["Failed at", "Queue", "Job", "Attempts", "Failure reason", ""];

export function DeadLetterView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(trpc.deadLetter.list.queryOptions());
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<DeadLetterJob | null>(null);
  const [redriveTarget, setRedriveTarget] = useState<DeadLetterJob | null>(null);

  const redrive = useMutation(
    trpc.deadLetter.redrive.mutationOptions({
      onSuccess: async ({ id, queue }) => {
        toast.success(`Put “${redriveTarget?.name ?? "job"}” back on the ${queue} queue`);
        setRedriveTarget(null);
        setSelected((current) => (current?.id === id ? null : current));
        await queryClient.invalidateQueries(trpc.deadLetter.list.queryFilter());
      },
      onError: async (error) => {
        toast.error(describeTrpcError(error).message);
        // Someone else re-drove it already: drop the stale row instead of leaving a button that can only fail.
        if (trpcErrorCode(error) === "NOT_FOUND") {
          setRedriveTarget(null);
          setSelected(null);
          await queryClient.invalidateQueries(trpc.deadLetter.list.queryFilter());
        }
      },
    }),
  );

  let body: ReactNode;
  if (jobs.isPending) {
    body = <TableSkeleton columns={columns} rows={5} />;
  } else if (jobs.isError) {
    body =
      trpcErrorCode(jobs.error) === "FORBIDDEN" ? (
        <AdminsOnlyState />
      ) : (
        <ErrorState title="Could not load the dead-letter queue" error={jobs.error} onRetry={() => void jobs.refetch()} retrying={jobs.isFetching} />
      );
  } else if (jobs.data.jobs.length === 0) {
    body = (
      <EmptyState
        icon={Skull}
        title="Nothing has failed for good"
        text="A job lands here only after its last retry fails, or when it can never succeed (for example an invalid payload). Re-drive it from here once the cause is fixed."
      />
    );
  } else {
    const paged = paginate(jobs.data.jobs, page, PAGE_SIZE);
    const hidden = jobs.data.total - jobs.data.jobs.length;
    body = (
      <div className="space-y-4">
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column || <span className="sr-only">Actions</span>}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {paged.rows.map((job) => (
                <TableRow key={job.id} className="cursor-pointer" onClick={() => setSelected(job)}>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <Timestamp date={job.failedAt} relative />
                  </TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{job.originalQueue}</code>
                  </TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{job.name}</code>
                  </TableCell>
                  <TableCell className="tabular-nums">{job.attemptsMade}</TableCell>
                  <TableCell className="max-w-80 truncate text-muted-foreground" title={job.failedReason}>
                    {job.failedReason || "—"}
                  </TableCell>
                  <TableCell className="w-44 text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={(event) => {
                        event.stopPropagation();
                        setSelected(job);
                      }}
                      aria-label={`Details of ${job.name} failed ${job.failedAt.toISOString()}`}
                    >
                      Details
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={(event) => {
                        event.stopPropagation();
                        setRedriveTarget(job);
                      }}
                      aria-label={`Re-drive ${job.name} failed ${job.failedAt.toISOString()}`}
                    >
                      Re-drive
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={paged.page} pageSize={PAGE_SIZE} total={paged.total} onPageChange={setPage} />
        {hidden > 0 ? (
          <p className="text-sm text-muted-foreground">
            Showing the newest {jobs.data.jobs.length} of {jobs.data.total} failed jobs. Re-drive some to see older ones.
          </p>
        ) : null}
      </div>
    );
  }

  const refreshing = jobs.isFetching && !jobs.isPending;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Dead letter"
        description="Background jobs that failed their last retry, newest first. Inspect why, fix the cause, then re-drive them onto their original queue."
        actions={
          <Button variant="outline" onClick={() => void jobs.refetch()} pending={refreshing}>
            {refreshing ? null : <RotateCw aria-hidden />}
            Refresh
          </Button>
        }
      />
      {body}
      <DeadLetterJobDialog job={selected} onOpenChange={(open) => (open ? undefined : setSelected(null))} onRedrive={setRedriveTarget} />
      <ConfirmDialog
        open={redriveTarget !== null}
        onOpenChange={(open) => (open ? undefined : setRedriveTarget(null))}
        title={`Put this job back on the ${redriveTarget?.originalQueue ?? ""} queue?`}
        description={`“${redriveTarget?.name ?? ""}” runs again with its normal retries and leaves the dead-letter queue. Unless the cause of the failure is fixed, it will likely fail again.`}
        confirmLabel="Re-drive job"
        destructive={false}
        pending={redrive.isPending}
        onConfirm={() => redriveTarget && redrive.mutate({ id: redriveTarget.id })}
      />
    </div>
  );
}
