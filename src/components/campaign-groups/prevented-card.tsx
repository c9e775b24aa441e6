"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { isLiveRun } from "@/components/single-sends/single-send-format";
import { cn } from "@/lib/utils";
import { COLLISION_SKIP_REASONS, SKIP_REASON_LABELS, type SkipReason } from "@/server/domain/single-sends/skip-reasons";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { formatWindow } from "./campaign-group-form";

type Prevented = RouterOutputs["campaignGroups"]["prevented"];

const LIVE_REFRESH_MS = 3000;

const reasonColor: Partial<Record<SkipReason, string>> = {
  "collision:already_sent": "bg-sky-500",
  "collision:lower_priority": "bg-amber-500",
  "collision:already_queued": "bg-violet-500",
};

/** "Already sent" from "Collision: already sent": the card is about collisions already. */
const reasonLabel = (reason: SkipReason) => {
  const text = SKIP_REASON_LABELS[reason].replace(/^Collision: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const timeOnly = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const dayAndTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function describeWindow(window: Prevented["windows"][number]): string {
  const breakdown = COLLISION_SKIP_REASONS.filter((reason) => (window.byReason[reason] ?? 0) > 0)
    .map((reason) => `${(window.byReason[reason] ?? 0).toLocaleString("en")} ${reasonLabel(reason).toLowerCase()}`)
    .join(", ");
  const range = `${dayAndTime.format(window.startsAt)} – ${window.endsAt.getTime() - window.startsAt.getTime() < 86_400_000 ? timeOnly.format(window.endsAt) : dayAndTime.format(window.endsAt)}`;
  return `${range}: ${window.total.toLocaleString("en")} prevented${breakdown ? ` (${breakdown})` : ""}`;
}

function PreventedChart({ data }: { data: Prevented }) {
  const max = Math.max(1, ...data.windows.map((window) => window.total));
  return (
    <div className="relative space-y-2">
      {data.total === 0 ? (
        <p className="absolute inset-x-0 top-14 text-center text-sm text-muted-foreground">No emails prevented in the last {data.windows.length} windows.</p>
      ) : null}
      <ol className="flex h-40 items-end gap-1" aria-label={`Emails prevented in each of the last ${data.windows.length} windows, oldest first`}>
        {data.windows.map((window) => {
          const label = describeWindow(window);
          return (
            <li key={window.startsAt.toISOString()} className="flex h-full min-w-0 flex-1 flex-col justify-end" title={label} aria-label={label}>
              <div className="flex w-full flex-col-reverse overflow-hidden rounded-t-sm bg-muted" style={{ height: `${Math.max(2, (window.total / max) * 100)}%` }}>
                {COLLISION_SKIP_REASONS.map((reason) => {
                  const count = window.byReason[reason] ?? 0;
                  return count > 0 ? <div key={reason} className={cn("w-full", reasonColor[reason])} style={{ height: `${(count / window.total) * 100}%` }} /> : null;
                })}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="flex justify-between text-xs text-muted-foreground">
        <span>{data.windows.length} windows ago</span>
        <span>now</span>
      </div>
    </div>
  );
}

/** Collisions the group prevented per collision window, as stacked bars per reason with totals. */
export function PreventedCard({ groupId }: { groupId: string }) {
  const trpc = useTRPC();
  // Shares the members table's query: while a member's run is still classifying or sending, new collisions may appear.
  const members = useQuery(trpc.campaignGroups.members.queryOptions({ id: groupId }));
  const anyLive = members.data?.some((member) => member.lastRunStatus && isLiveRun(member.lastRunStatus)) ?? false;
  const prevented = useQuery({
    ...trpc.campaignGroups.prevented.queryOptions({ id: groupId }),
    refetchInterval: anyLive ? LIVE_REFRESH_MS : false,
  });
  const queryClient = useQueryClient();
  const wasLive = useRef(anyLive);
  useEffect(() => {
    // One last read once every run has settled, so the card never stops on a count from mid-run.
    if (wasLive.current && !anyLive) void queryClient.invalidateQueries(trpc.campaignGroups.prevented.queryFilter({ id: groupId }));
    wasLive.current = anyLive;
  }, [anyLive, groupId, queryClient, trpc]);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Prevented emails</CardTitle>
        <CardDescription>
          {prevented.data
            ? `Recipients skipped because of a collision, per ${formatWindow(prevented.data.windowSeconds)} window.`
            : "Recipients skipped because of a collision, per collision window."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {prevented.isPending ? (
          <Skeleton className="h-48 w-full" aria-label="Loading" />
        ) : prevented.isError ? (
          <ErrorState title="Could not load prevented emails" error={prevented.error} onRetry={() => void prevented.refetch()} retrying={prevented.isFetching} />
        ) : (
          <div className="grid gap-6 md:grid-cols-[1fr_14rem]">
            <PreventedChart data={prevented.data} />
            <dl className="space-y-2 text-sm">
              <div className="flex items-baseline justify-between gap-4 border-b pb-2">
                <dt className="font-medium">Total prevented</dt>
                <dd className="text-lg font-semibold tabular-nums">{prevented.data.total.toLocaleString("en")}</dd>
              </div>
              {COLLISION_SKIP_REASONS.map((reason) => (
                <div key={reason} className="flex items-center justify-between gap-4">
                  <dt className="flex items-center gap-2 text-muted-foreground">
                    <span className={cn("size-2.5 rounded-sm", reasonColor[reason])} aria-hidden />
                    {reasonLabel(reason)}
                  </dt>
                  <dd className="tabular-nums">{(prevented.data.byReason[reason] ?? 0).toLocaleString("en")}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
