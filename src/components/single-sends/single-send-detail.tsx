"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, History, Pencil, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { isFinishedRun, isLiveRun, scheduleLabel, type SingleSend } from "./single-send-format";
import { RunStatusBadge, SingleSendStatusBadge } from "./status-badges";

const RUNS_PAGE_SIZE = 10;
const RUNS_REFRESH_MS = 5000;
const runColumns = ["Started", "Status", "Triggered by", "Recipients", "Sent", "Failed", "Skipped", "Queued", ""];

function Setting({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-1">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function scheduleNote(send: SingleSend): ReactNode {
  if (send.schedule.type === "MANUAL") return null;
  if (send.status !== "ACTIVE") return "Not running: the send is not ACTIVE";
  if (send.schedule.type === "ONCE") return send.nextRunAt ? null : "Already past";
  return send.nextRunAt ? (
    <>
      Next run <Timestamp date={send.nextRunAt} />
    </>
  ) : null;
}

function SettingsCard({ send }: { send: SingleSend }) {
  const params = Object.entries(send.segmentParams);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          <Setting label="Segment">
            <Link href={`/segments/${send.segmentId}`} className="underline-offset-4 hover:underline">
              {send.segmentName}
            </Link>
            {params.length > 0 ? (
              <span className="mt-1 flex flex-wrap gap-1">
                {params.map(([name, value]) => (
                  <Badge key={name} variant="outline" className="font-mono">
                    {name}={String(value)}
                  </Badge>
                ))}
              </span>
            ) : null}
          </Setting>
          <Setting label="Template">
            <Link href={`/templates/${send.templateId}`} className="underline-offset-4 hover:underline">
              {send.templateName}
            </Link>{" "}
            {send.templateHasPublishedVersion ? null : <Badge variant="warning">No published version</Badge>}
          </Setting>
          <Setting label="Sender profile">
            {send.senderProfileName} <span className="text-muted-foreground">({send.senderProfileFromEmail})</span>
          </Setting>
          <Setting label="Campaign group">
            {send.campaignGroupId && send.campaignGroupName ? (
              <Link href={`/campaign-groups/${send.campaignGroupId}`} className="underline-offset-4 hover:underline">
                {send.campaignGroupName}
              </Link>
            ) : (
              <span className="text-muted-foreground">None</span>
            )}
          </Setting>
          <Setting label="Priority">
            <span className="tabular-nums">{send.priority}</span>
          </Setting>
          <Setting label="Schedule">
            {scheduleLabel(send.schedule)}
            <span className="block text-xs text-muted-foreground">{scheduleNote(send)}</span>
          </Setting>
        </dl>
      </CardContent>
    </Card>
  );
}

function RunsCard({ send }: { send: SingleSend }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    ...trpc.singleSends.runs.queryOptions({ id: send.id, page, pageSize: RUNS_PAGE_SIZE }, { placeholderData: keepPreviousData }),
    refetchInterval: (query) => (query.state.data?.items.some((run) => !isFinishedRun(run.status)) ? RUNS_REFRESH_MS : false),
  });

  let body: ReactNode;
  if (runs.isPending) {
    body = <TableSkeleton columns={runColumns} rows={3} />;
  } else if (runs.isError) {
    body = <ErrorState title="Could not load runs" error={runs.error} onRetry={() => void runs.refetch()} retrying={runs.isFetching} />;
  } else if (runs.data.total === 0) {
    body = <EmptyState icon={History} title="No runs yet" text="Each trigger, by hand or by the schedule, creates a run with a frozen audience snapshot." />;
  } else {
    body = (
      <div className="space-y-4">
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                {runColumns.map((column) => (
                  <TableHead key={column}>{column || <span className="sr-only">Open</span>}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.data.items.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>
                    <Timestamp date={run.createdAt} />
                  </TableCell>
                  <TableCell>
                    <RunStatusBadge status={run.status} />
                  </TableCell>
                  <TableCell className="max-w-48 truncate text-muted-foreground" title={run.triggeredBy}>
                    {run.triggeredBy}
                  </TableCell>
                  <TableCell className="tabular-nums">{run.counts.total.toLocaleString("en")}</TableCell>
                  <TableCell className="tabular-nums">{run.counts.sent.toLocaleString("en")}</TableCell>
                  <TableCell className="tabular-nums">{run.counts.failed.toLocaleString("en")}</TableCell>
                  <TableCell className="tabular-nums">{run.counts.skipped.toLocaleString("en")}</TableCell>
                  <TableCell className="tabular-nums">{(run.counts.queued + run.counts.sending).toLocaleString("en")}</TableCell>
                  <TableCell className="text-right">
                    <Button variant="ghost" size="sm" asChild>
                      <Link href={`/single-sends/${send.id}/runs/${run.id}`}>{isLiveRun(run.status) ? "Watch" : "View"}</Link>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={RUNS_PAGE_SIZE} total={runs.data.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Runs</CardTitle>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}

function SingleSendDetailBody({ send }: { send: SingleSend }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirmTrigger, setConfirmTrigger] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);

  const trigger = useMutation(
    trpc.singleSends.trigger.mutationOptions({
      onSuccess: async (run) => {
        setConfirmTrigger(false);
        toast.success(`Triggered “${send.name}”`);
        await queryClient.invalidateQueries(trpc.singleSends.runs.queryFilter());
        await queryClient.invalidateQueries(trpc.singleSends.get.queryFilter({ id: send.id }));
        await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
        router.push(`/single-sends/${send.id}/runs/${run.id}`);
      },
      onError: (error) => {
        setConfirmTrigger(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );
  const archive = useMutation(
    trpc.singleSends.update.mutationOptions({
      onSuccess: async () => {
        setConfirmArchive(false);
        toast.success(`Archived “${send.name}”`);
        await queryClient.invalidateQueries(trpc.singleSends.pathFilter());
        await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
      },
      onError: (error) => {
        setConfirmArchive(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );
  const remove = useMutation(
    trpc.singleSends.delete.mutationOptions({
      onSuccess: async () => {
        setConfirmDelete(false);
        toast.success(`Deleted “${send.name}”`);
        await queryClient.invalidateQueries(trpc.singleSends.list.queryFilter());
        await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
        router.push("/single-sends");
      },
      onError: (error) => {
        setConfirmDelete(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const cannotTrigger =
    send.status !== "ACTIVE"
      ? `Only ACTIVE sends can be triggered; this one is ${send.status}.`
      : send.templateHasPublishedVersion
        ? null
        : "The template has no published version.";

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {send.name} <SingleSendStatusBadge status={send.status} />
          </span>
        }
        description={
          <>
            Last edited <Timestamp date={send.updatedAt} relative />
            {cannotTrigger ? <span className="block text-warning-foreground dark:text-warning">{cannotTrigger}</span> : null}
          </>
        }
        actions={
          <>
            {/* A send that has run keeps its send history (collision windows, unsubscribe links): it is archived, not deleted. */}
            {send.lastRun === null ? (
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmDelete(true)}>
                <Trash2 aria-hidden /> Delete
              </Button>
            ) : send.status !== "ARCHIVED" ? (
              <Button variant="outline" onClick={() => setConfirmArchive(true)}>
                <Archive aria-hidden /> Archive
              </Button>
            ) : null}
            <Button variant="outline" asChild>
              <Link href={`/single-sends/${send.id}/edit`}>
                <Pencil aria-hidden /> Edit
              </Link>
            </Button>
            <Button onClick={() => setConfirmTrigger(true)} disabled={cannotTrigger !== null}>
              <Play aria-hidden /> Trigger now
            </Button>
          </>
        }
      />
      <SettingsCard send={send} />
      <RunsCard send={send} />
      <ConfirmDialog
        open={confirmTrigger}
        onOpenChange={setConfirmTrigger}
        title={`Trigger “${send.name}” now?`}
        description={`The segment “${send.segmentName}” is snapshotted now and everyone it selects is emailed “${send.templateName}”, except people skipped by suppressions${send.campaignGroupName ? ` and the rules of “${send.campaignGroupName}”` : ""}.`}
        confirmLabel="Trigger now"
        destructive={false}
        pending={trigger.isPending}
        onConfirm={() => trigger.mutate({ id: send.id })}
      />
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete single send?"
        description={`“${send.name}” is removed for good. It has never run, so no send history is lost.`}
        confirmLabel="Delete single send"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: send.id })}
      />
      <ConfirmDialog
        open={confirmArchive}
        onOpenChange={setConfirmArchive}
        title="Archive single send?"
        description={`“${send.name}” stops running on its schedule and can no longer be triggered. Its runs and send history stay, so collision windows and unsubscribe links keep working. Edit it to make it active again.`}
        confirmLabel="Archive"
        destructive={false}
        pending={archive.isPending}
        onConfirm={() => archive.mutate({ id: send.id, status: "ARCHIVED" })}
      />
    </div>
  );
}

export function SingleSendDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const send = useQuery(trpc.singleSends.get.queryOptions({ id }));
  if (send.isPending) return <Skeleton className="h-[32rem] w-full" aria-label="Loading" />;
  if (send.isError) {
    return <ErrorState title="Could not load the single send" error={send.error} onRetry={() => void send.refetch()} retrying={send.isFetching} />;
  }
  return <SingleSendDetailBody send={send.data} />;
}
