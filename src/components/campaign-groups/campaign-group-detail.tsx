"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pencil, Play, Trash2, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CampaignGroupFormDialog, type CampaignGroup } from "./campaign-group-form-dialog";
import { formatWindow, policyExplanation, policyLabel, runStatusLabel, runStatusTone } from "./campaign-group-form";
import { MembersTable } from "./members-table";
import { PreventedCard } from "./prevented-card";

type RunSummary = RouterOutputs["campaignGroups"]["trigger"][number];

const runPath = (run: RunSummary) => `/single-sends/${run.singleSendId}/runs/${run.id}`;

function CreatedRunsCard({ runs, onDismiss }: { runs: RunSummary[]; onDismiss: () => void }) {
  return (
    <Card role="region" aria-labelledby="started-runs-title">
      <CardHeader>
        <CardTitle id="started-runs-title">Runs just started</CardTitle>
        <CardDescription>All audience snapshots are built before any of these runs starts sending.</CardDescription>
        <CardAction>
          <Button variant="ghost" size="icon-sm" aria-label="Dismiss" onClick={onDismiss}>
            <X aria-hidden />
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        <ul className="space-y-2 text-sm">
          {runs.map((run) => (
            <li key={run.id} className="flex items-center gap-3">
              <Badge variant={runStatusTone[run.status]}>{runStatusLabel[run.status]}</Badge>
              <Link href={runPath(run)} className="font-medium underline-offset-4 hover:underline">
                {run.singleSendName}
              </Link>
              <span className="text-muted-foreground tabular-nums">priority {run.priority}</span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function GroupDetail({ group }: { group: CampaignGroup }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmTrigger, setConfirmTrigger] = useState(false);
  const [createdRuns, setCreatedRuns] = useState<RunSummary[]>([]);

  const remove = useMutation(
    trpc.campaignGroups.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted campaign group “${group.name}”`);
        setConfirmDelete(false);
        await queryClient.invalidateQueries(trpc.campaignGroups.list.queryFilter());
        router.push("/campaign-groups");
      },
      onError: (error) => {
        setConfirmDelete(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const trigger = useMutation(
    trpc.campaignGroups.trigger.mutationOptions({
      onSuccess: async (runs) => {
        setConfirmTrigger(false);
        setCreatedRuns(runs);
        toast.success(`Started ${runs.length} run${runs.length === 1 ? "" : "s"} of “${group.name}”`, {
          description: (
            <span className="flex flex-col">
              {runs.map((run) => (
                <Link key={run.id} href={runPath(run)} className="underline underline-offset-4">
                  {run.singleSendName}
                </Link>
              ))}
            </span>
          ),
        });
        await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
        await queryClient.invalidateQueries(trpc.singleSends.pathFilter());
      },
      onError: (error) => {
        setConfirmTrigger(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const members = group.memberCount === 1 ? "1 single send" : `${group.memberCount} single sends`;
  const activeMembers = group.activeMemberCount === 1 ? "1 active single send" : `${group.activeMemberCount} active single sends`;

  return (
    <div className="space-y-6">
      <Button variant="ghost" size="sm" asChild className="-ml-2">
        <Link href="/campaign-groups">
          <ArrowLeft aria-hidden /> Campaign groups
        </Link>
      </Button>
      <PageHeader
        title={group.name}
        description={
          <span className="flex flex-col gap-2">
            {group.description ? <span>{group.description}</span> : null}
            <span className="flex flex-wrap items-center gap-2">
              <Badge variant={group.collisionPolicy === "SEND_ALL" ? "muted" : "secondary"}>{policyLabel[group.collisionPolicy]}</Badge>
              <span>
                {formatWindow(group.collisionWindow)} window · {members}
              </span>
            </span>
            <span>{policyExplanation[group.collisionPolicy]}</span>
          </span>
        }
        actions={
          <>
            <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmDelete(true)}>
              <Trash2 aria-hidden /> Delete
            </Button>
            <Button variant="outline" onClick={() => setEditing(true)}>
              <Pencil aria-hidden /> Edit
            </Button>
            <Button
              onClick={() => setConfirmTrigger(true)}
              disabled={group.activeMemberCount === 0}
              title={group.activeMemberCount === 0 ? "The group has no ACTIVE single sends to run" : undefined}
            >
              <Play aria-hidden /> Trigger group
            </Button>
          </>
        }
      />
      {createdRuns.length > 0 ? <CreatedRunsCard runs={createdRuns} onDismiss={() => setCreatedRuns([])} /> : null}
      <section className="space-y-3" aria-labelledby="members-heading">
        <div className="space-y-1">
          <h2 id="members-heading" className="text-lg font-semibold">
            Members
          </h2>
          <p className="text-sm text-muted-foreground">Single sends of this group, highest priority first. Move them to change who wins a collision.</p>
        </div>
        <MembersTable groupId={group.id} />
      </section>
      <PreventedCard groupId={group.id} />

      <CampaignGroupFormDialog open={editing} onOpenChange={setEditing} group={group} />
      <ConfirmDialog
        open={confirmTrigger}
        onOpenChange={setConfirmTrigger}
        title={`Trigger “${group.name}”?`}
        description={`This runs every ACTIVE member at once (${activeMembers}). All their audience snapshots are built before any of them starts sending; ${
          group.collisionPolicy === "SEND_ALL"
            ? "with “Send all”, every member then sends to its whole audience."
            : `then “${policyLabel[group.collisionPolicy]}” decides who gets which email.`
        }`}
        confirmLabel="Trigger group"
        destructive={false}
        pending={trigger.isPending}
        onConfirm={() => trigger.mutate({ id: group.id })}
      />
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete campaign group?"
        description={`“${group.name}” is removed for good. Its ${members} are kept but leave the group, so their emails are no longer coordinated. Refused while one of its runs is in progress.`}
        confirmLabel="Delete group"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: group.id })}
      />
    </div>
  );
}

export function CampaignGroupDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const group = useQuery(trpc.campaignGroups.get.queryOptions({ id }));
  if (group.isPending) return <Skeleton className="h-[32rem] w-full" aria-label="Loading" />;
  if (group.isError) {
    return <ErrorState title="Could not load the campaign group" error={group.error} onRetry={() => void group.refetch()} retrying={group.isFetching} />;
  }
  return <GroupDetail group={group.data} />;
}
