"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, SendHorizontal } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { isLiveRun } from "@/components/single-sends/single-send-format";
import { paginate } from "@/lib/paginate";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { moveMember, runStatusLabel, runStatusTone, singleSendStatusLabel, singleSendStatusTone } from "./campaign-group-form";

const PAGE_SIZE = 25;
const LIVE_REFRESH_MS = 3000;
const columns = ["Priority", "Single send", "Status", "Segment", "Template", "Last run", ""];

/** Members by priority; moving one up or down sends the whole new order, which the server renumbers 10, 20, 30… */
export function MembersTable({ groupId }: { groupId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const membersQuery = trpc.campaignGroups.members.queryOptions({ id: groupId });
  const members = useQuery({
    ...membersQuery,
    refetchInterval: (query) => (query.state.data?.some((member) => member.lastRunStatus && isLiveRun(member.lastRunStatus)) ? LIVE_REFRESH_MS : false),
  });
  const [page, setPage] = useState(1);

  const reorder = useMutation(
    trpc.campaignGroups.reorder.mutationOptions({
      onSuccess: (ordered) => queryClient.setQueryData(membersQuery.queryKey, ordered),
      onError: async (error) => {
        toast.error(describeTrpcError(error).message);
        await queryClient.invalidateQueries(trpc.campaignGroups.members.queryFilter({ id: groupId }));
      },
    }),
  );

  if (members.isPending) return <TableSkeleton columns={columns.filter(Boolean)} rows={3} />;
  if (members.isError) {
    return <ErrorState title="Could not load the members" error={members.error} onRetry={() => void members.refetch()} retrying={members.isFetching} />;
  }
  if (members.data.length === 0) {
    return (
      <EmptyState
        icon={SendHorizontal}
        title="No single sends in this group yet"
        text="Create a single send and choose this campaign group for it. Its priority here decides who wins when several members reach the same person."
        action={
          <Button asChild variant="outline">
            <Link href={`/single-sends/new?campaignGroupId=${groupId}`}>
              <Plus aria-hidden /> New single send in this group
            </Link>
          </Button>
        }
      />
    );
  }

  const ids = members.data.map((member) => member.id);
  const paged = paginate(members.data, page, PAGE_SIZE);
  const offset = (paged.page - 1) * PAGE_SIZE;
  const move = (index: number, direction: -1 | 1) => reorder.mutate({ id: groupId, singleSendIds: moveMember(ids, index, direction) });

  return (
    <div className="space-y-4">
      <div className="rounded-lg border">
        <Table>
          <TableHeader>
            <TableRow>
              {columns.map((column) => (
                <TableHead key={column}>{column || <span className="sr-only">Reorder</span>}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {paged.rows.map((member, pageIndex) => {
              const index = offset + pageIndex;
              return (
                <TableRow key={member.id}>
                  <TableCell className="text-muted-foreground tabular-nums" title="Lower number = higher priority">
                    {member.priority}
                  </TableCell>
                  <TableCell className="font-medium">
                    <Link href={`/single-sends/${member.id}`} className="underline-offset-4 hover:underline">
                      {member.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Badge variant={singleSendStatusTone[member.status]}>{singleSendStatusLabel[member.status]}</Badge>
                  </TableCell>
                  <TableCell>
                    <Link href={`/segments/${member.segmentId}`} className="underline-offset-4 hover:underline">
                      {member.segmentName}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Link href={`/templates/${member.templateId}`} className="underline-offset-4 hover:underline">
                      {member.templateName}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {member.lastRunId && member.lastRunStatus ? (
                      <Link href={`/single-sends/${member.id}/runs/${member.lastRunId}`} className="flex items-center gap-2 underline-offset-4 hover:underline">
                        <Badge variant={runStatusTone[member.lastRunStatus]}>{runStatusLabel[member.lastRunStatus]}</Badge>
                        <span className="text-muted-foreground">
                          <Timestamp date={member.lastRunAt} relative />
                        </span>
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">Never run</span>
                    )}
                  </TableCell>
                  <TableCell className="w-24 text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Move ${member.name} up`}
                      disabled={index === 0 || reorder.isPending}
                      onClick={() => move(index, -1)}
                    >
                      <ArrowUp aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Move ${member.name} down`}
                      disabled={index === ids.length - 1 || reorder.isPending}
                      onClick={() => move(index, 1)}
                    >
                      <ArrowDown aria-hidden />
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {paged.total > PAGE_SIZE ? <Pagination page={paged.page} pageSize={PAGE_SIZE} total={paged.total} onPageChange={setPage} /> : null}
    </div>
  );
}
