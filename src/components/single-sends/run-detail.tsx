"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Ban, Download, Pause, Play, Users } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { SKIP_REASONS, type SkipReason } from "@/server/domain/single-sends/skip-reasons";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import {
  canPauseRun,
  isFinishedRun,
  isLiveRun,
  isSkipReason,
  RECIPIENT_STATUS_OPTIONS,
  recipientStatusLabel,
  runProgress,
  skippedBreakdown,
  skipReasonLabel,
  type RecipientStatus,
} from "./single-send-format";
import { RecipientStatusBadge, RunStatusBadge } from "./status-badges";

type Run = RouterOutputs["singleSends"]["run"];

const LIVE_REFRESH_MS = 2000;
const RECIPIENTS_PAGE_SIZE = 50;
const ALL = "__all";
const RECIPIENTS_CARD_ID = "run-recipients";
const recipientColumns = ["Subject", "Email", "Status", "Skip reason", "Error", "Updated"];

interface RecipientFilters {
  status: RecipientStatus | typeof ALL;
  skipReason: SkipReason | typeof ALL;
}

function Count({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <div className="rounded-lg border p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={`text-2xl font-semibold tabular-nums ${tone ?? ""}`}>{value.toLocaleString("en")}</dd>
    </div>
  );
}

function ProgressCard({ run, onShowReason }: { run: Run; onShowReason: (reason: SkipReason) => void }) {
  const progress = runProgress(run.counts);
  const breakdown = skippedBreakdown(run.counts);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Progress</CardTitle>
        <CardDescription>
          {progress.done.toLocaleString("en")} of {progress.total.toLocaleString("en")} recipients have an outcome
          {isLiveRun(run.status) ? " · updating every 2 seconds" : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress.percent}
          className="h-2.5 w-full overflow-hidden rounded-full bg-muted"
        >
          <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${progress.percent}%` }} />
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Count label="Total" value={run.counts.total} />
          <Count label="Queued" value={run.counts.queued + run.counts.sending} />
          <Count label="Sent" value={run.counts.sent} tone="text-success" />
          <Count label="Failed" value={run.counts.failed} tone={run.counts.failed > 0 ? "text-destructive" : undefined} />
          <Count label="Unconfirmed" value={run.counts.unconfirmed} />
          <Count label="Skipped" value={run.counts.skipped} />
        </dl>
        {breakdown.length > 0 ? (
          <div className="grid gap-2">
            <h3 className="text-sm font-medium">Skipped by reason</h3>
            <ul className="grid gap-1 sm:grid-cols-2">
              {breakdown.map((item) => (
                <li key={item.reason} className="flex items-center justify-between gap-3 rounded-md border px-3 py-1.5 text-sm">
                  <span>{item.label}</span>
                  <Button
                    variant="link"
                    size="sm"
                    className="h-auto p-0 tabular-nums"
                    aria-label={`Show the ${item.count.toLocaleString("en")} recipient${item.count === 1 ? "" : "s"} skipped as ${item.label}`}
                    onClick={() => {
                      if (isSkipReason(item.reason)) onShowReason(item.reason);
                    }}
                  >
                    {item.count.toLocaleString("en")}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function FrozenTemplateCard({ run }: { run: Run }) {
  const version = run.templateVersion;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Frozen template</CardTitle>
        <CardDescription>The version this run sends, fixed when it was triggered; later edits of the template do not change it.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {version ? (
          <>
            <p>
              <Link href={`/templates/${version.templateId}`} className="font-medium underline-offset-4 hover:underline">
                {version.templateName}
              </Link>{" "}
              <span className="font-mono text-xs text-muted-foreground">{version.templateKey}</span> · version {version.version}
            </p>
            {version.compiledSubject !== null ? (
              <p>
                <span className="text-muted-foreground">Subject: </span>
                <code className="font-mono text-xs break-all">{version.compiledSubject}</code>
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-muted-foreground">No template version is recorded for this run.</p>
        )}
        {Object.keys(run.segmentParams).length > 0 ? (
          <p>
            <span className="text-muted-foreground">Segment parameters: </span>
            <code className="font-mono text-xs">
              {Object.entries(run.segmentParams)
                .map(([name, value]) => `${name}=${String(value)}`)
                .join(", ")}
            </code>
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function csvHref(singleSendId: string, runId: string, filters: RecipientFilters): string {
  const query = new URLSearchParams();
  if (filters.status !== ALL) query.set("status", filters.status);
  if (filters.skipReason !== ALL) query.set("skipReason", filters.skipReason);
  const suffix = query.size > 0 ? `?${query.toString()}` : "";
  return `/api/v1/single-sends/${singleSendId}/runs/${runId}/recipients.csv${suffix}`;
}

function RecipientsCard({
  run,
  filters,
  onFiltersChange,
}: {
  run: Run;
  filters: RecipientFilters;
  onFiltersChange: (filters: RecipientFilters) => void;
}) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const recipients = useQuery({
    ...trpc.singleSends.recipients.queryOptions(
      {
        id: run.singleSendId,
        runId: run.id,
        status: filters.status === ALL ? undefined : filters.status,
        skipReason: filters.skipReason === ALL ? undefined : filters.skipReason,
        page,
        pageSize: RECIPIENTS_PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
    refetchInterval: isLiveRun(run.status) ? LIVE_REFRESH_MS : false,
  });
  const change = (next: Partial<RecipientFilters>) => {
    onFiltersChange({ ...filters, ...next });
    setPage(1);
  };

  let body: ReactNode;
  if (recipients.isPending) {
    body = <TableSkeleton columns={recipientColumns} rows={5} />;
  } else if (recipients.isError) {
    body = <ErrorState title="Could not load recipients" error={recipients.error} onRetry={() => void recipients.refetch()} retrying={recipients.isFetching} />;
  } else if (recipients.data.total === 0) {
    body = (
      <EmptyState
        icon={Users}
        title={filters.status !== ALL || filters.skipReason !== ALL ? "No recipients match these filters" : "No recipients yet"}
        text={isLiveRun(run.status) ? "The audience snapshot fills in as the segment is read." : undefined}
      />
    );
  } else {
    body = (
      <div className="space-y-4">
        {recipients.data.masked ? <p className="text-sm text-muted-foreground">Email addresses are masked for members in this workspace.</p> : null}
        <div className={`rounded-lg border transition-opacity ${recipients.isPlaceholderData ? "opacity-60" : ""}`}>
          <Table>
            <TableHeader>
              <TableRow>
                {recipientColumns.map((column) => (
                  <TableHead key={column}>{column}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {recipients.data.items.map((recipient) => (
                <TableRow key={recipient.id}>
                  <TableCell className="max-w-40 truncate font-mono text-xs" title={recipient.subjectId}>
                    {recipient.subjectId}
                  </TableCell>
                  <TableCell className="max-w-64 truncate" title={recipient.email}>
                    {recipient.email}
                  </TableCell>
                  <TableCell>
                    <RecipientStatusBadge status={recipient.status} />
                  </TableCell>
                  <TableCell className="text-muted-foreground">{recipient.skipReason ? skipReasonLabel(recipient.skipReason) : "—"}</TableCell>
                  <TableCell className="max-w-72 truncate text-destructive" title={recipient.error ?? undefined}>
                    {recipient.error ?? ""}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <Timestamp date={recipient.updatedAt} relative />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={RECIPIENTS_PAGE_SIZE} total={recipients.data.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <Card id={RECIPIENTS_CARD_ID} className="scroll-mt-4" role="region" aria-labelledby={`${RECIPIENTS_CARD_ID}-title`}>
      <CardHeader>
        <CardTitle id={`${RECIPIENTS_CARD_ID}-title`}>Recipients</CardTitle>
        <CardDescription>Everyone the snapshot chose or skipped, in snapshot order.</CardDescription>
        <CardAction>
          <Button variant="outline" size="sm" asChild>
            <a href={csvHref(run.singleSendId, run.id, filters)} download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-3 sm:grid-cols-[repeat(2,minmax(0,16rem))]">
          <div className="grid gap-1.5">
            <Label htmlFor="run-recipients-status" className="text-xs text-muted-foreground">
              Status
            </Label>
            <Select value={filters.status} onValueChange={(status) => change({ status: status as RecipientFilters["status"] })}>
              <SelectTrigger id="run-recipients-status" size="sm" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>All statuses</SelectItem>
                {RECIPIENT_STATUS_OPTIONS.map((status) => (
                  <SelectItem key={status} value={status}>
                    {recipientStatusLabel[status]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="run-recipients-skip-reason" className="text-xs text-muted-foreground">
              Skip reason
            </Label>
            <Select value={filters.skipReason} onValueChange={(skipReason) => change({ skipReason: skipReason as RecipientFilters["skipReason"] })}>
              <SelectTrigger id="run-recipients-skip-reason" size="sm" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>Any reason</SelectItem>
                {SKIP_REASONS.map((reason) => (
                  <SelectItem key={reason} value={reason}>
                    {skipReasonLabel(reason)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        </div>
        {body}
      </CardContent>
    </Card>
  );
}

type ControlAction = "pause" | "resume" | "cancel";

function RunDetailBody({ run, singleSendName }: { run: Run; singleSendName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<RecipientFilters>({ status: ALL, skipReason: ALL });
  const [confirmCancel, setConfirmCancel] = useState(false);

  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.singleSends.run.queryFilter({ id: run.singleSendId, runId: run.id }));
    await queryClient.invalidateQueries(trpc.singleSends.recipients.queryFilter());
    await queryClient.invalidateQueries(trpc.singleSends.runs.queryFilter());
  };
  const controlled = (action: ControlAction, message: string) => ({
    onSuccess: async () => {
      if (action === "cancel") setConfirmCancel(false);
      toast.success(message);
      await refresh();
    },
    onError: (error: unknown) => {
      if (action === "cancel") setConfirmCancel(false);
      toast.error(describeTrpcError(error).message);
    },
  });
  const pause = useMutation(trpc.singleSends.pauseRun.mutationOptions(controlled("pause", "Run paused")));
  const resume = useMutation(trpc.singleSends.resumeRun.mutationOptions(controlled("resume", "Run resumed")));
  const cancel = useMutation(trpc.singleSends.cancelRun.mutationOptions(controlled("cancel", "Run cancelled")));
  const ref = { id: run.singleSendId, runId: run.id };
  const finished = isFinishedRun(run.status);

  return (
    <div className="space-y-6">
      <Button variant="ghost" size="sm" asChild className="-ml-2">
        <Link href={`/single-sends/${run.singleSendId}`}>
          <ArrowLeft aria-hidden /> {singleSendName}
        </Link>
      </Button>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Run of “{singleSendName}” <RunStatusBadge status={run.status} />
          </span>
        }
        description={
          <>
            Triggered by {run.triggeredBy} <Timestamp date={run.createdAt} relative />
            {run.completedAt ? (
              <>
                {" · "}finished <Timestamp date={run.completedAt} relative />
              </>
            ) : null}
          </>
        }
        actions={
          finished ? null : (
            <>
              {run.status === "PAUSED" ? (
                <Button variant="outline" pending={resume.isPending} onClick={() => resume.mutate(ref)}>
                  {resume.isPending ? null : <Play aria-hidden />} Resume
                </Button>
              ) : null}
              {canPauseRun(run.status) ? (
                <Button variant="outline" pending={pause.isPending} onClick={() => pause.mutate(ref)}>
                  {pause.isPending ? null : <Pause aria-hidden />} Pause
                </Button>
              ) : null}
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmCancel(true)}>
                <Ban aria-hidden /> Cancel run
              </Button>
            </>
          )
        }
      />
      {run.error ? (
        <p role="alert" className="rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-destructive">
          {run.error}
        </p>
      ) : null}
      <ProgressCard
        run={run}
        onShowReason={(skipReason) => {
          setFilters({ status: "skipped", skipReason });
          document.getElementById(RECIPIENTS_CARD_ID)?.scrollIntoView({ behavior: "smooth" });
        }}
      />
      <FrozenTemplateCard run={run} />
      <RecipientsCard run={run} filters={filters} onFiltersChange={setFilters} />
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this run?"
        description="Nobody else receives this run's email: every recipient still queued is skipped as cancelled. Emails already sent stay sent. This cannot be undone."
        confirmLabel="Cancel run"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate(ref)}
      />
    </div>
  );
}

/** Live while the run is still changing: status and counts are polled every 2 seconds until it settles. */
export function RunDetail({ singleSendId, runId }: { singleSendId: string; runId: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.singleSends.run.queryOptions({ id: singleSendId, runId }),
    refetchInterval: (query) => (query.state.data && isLiveRun(query.state.data.status) ? LIVE_REFRESH_MS : false),
  });
  if (run.isPending) return <Skeleton className="h-[36rem] w-full" aria-label="Loading" />;
  if (run.isError) {
    return <ErrorState title="Could not load the run" error={run.error} onRetry={() => void run.refetch()} retrying={run.isFetching} />;
  }
  return <RunDetailBody run={run.data} singleSendName={run.data.singleSendName} />;
}
