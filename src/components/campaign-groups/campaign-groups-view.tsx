"use client";

import { useQuery } from "@tanstack/react-query";
import { Layers, Plus } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { paginate } from "@/lib/paginate";
import { useTRPC } from "@/trpc/react";
import { CampaignGroupFormDialog } from "./campaign-group-form-dialog";
import { formatWindow, policyExplanation, policyLabel } from "./campaign-group-form";

const PAGE_SIZE = 20;
const columns = ["Name", "Policy", "Window", "Members", "Created"];

export function CampaignGroupsView() {
  const trpc = useTRPC();
  const groups = useQuery(trpc.campaignGroups.list.queryOptions());
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);

  const newButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden /> New campaign group
    </Button>
  );

  let body: ReactNode;
  if (groups.isPending) {
    body = <TableSkeleton columns={columns} rows={3} />;
  } else if (groups.isError) {
    body = <ErrorState title="Could not load campaign groups" error={groups.error} onRetry={() => void groups.refetch()} retrying={groups.isFetching} />;
  } else if (groups.data.length === 0) {
    body = (
      <EmptyState
        icon={Layers}
        title="No campaign groups yet"
        text="A campaign group ties related single sends together: within its collision window a person receives at most one of their emails, and the group's policy decides which one. Triggering the group runs all its active single sends at once."
        action={newButton}
      />
    );
  } else {
    const paged = paginate(groups.data, page, PAGE_SIZE);
    body = (
      <div className="space-y-4">
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
              {paged.rows.map((group) => (
                <TableRow key={group.id}>
                  <TableCell className="font-medium">
                    <Link href={`/campaign-groups/${group.id}`} className="underline-offset-4 hover:underline">
                      {group.name}
                    </Link>
                    {group.description ? <p className="max-w-md truncate text-xs font-normal text-muted-foreground">{group.description}</p> : null}
                  </TableCell>
                  <TableCell>
                    <Badge variant={group.collisionPolicy === "SEND_ALL" ? "muted" : "secondary"} title={policyExplanation[group.collisionPolicy]}>
                      {policyLabel[group.collisionPolicy]}
                    </Badge>
                  </TableCell>
                  <TableCell className="tabular-nums">{formatWindow(group.collisionWindow)}</TableCell>
                  <TableCell className="tabular-nums">
                    {group.memberCount}
                    {group.memberCount > 0 ? <span className="text-muted-foreground"> ({group.activeMemberCount} active)</span> : null}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <Timestamp date={group.createdAt} relative />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={paged.page} pageSize={PAGE_SIZE} total={paged.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Campaign groups"
        description="Related single sends coordinated by a collision window and policy, so nobody gets several of their emails at once."
        actions={groups.isSuccess && groups.data.length > 0 ? newButton : null}
      />
      {body}
      <CampaignGroupFormDialog open={creating} onOpenChange={setCreating} group={null} />
    </div>
  );
}
