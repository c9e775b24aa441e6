"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Rocket, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { useTRPC } from "@/trpc/react";
import { scheduleLabel, SINGLE_SEND_STATUS_OPTIONS, singleSendStatusLabel, type SingleSendStatus } from "./single-send-format";
import { RunStatusBadge, SingleSendStatusBadge } from "./status-badges";

const PAGE_SIZE = 20;
const ALL = "__all";
const SEARCH_DELAY_MS = 300;
const columns = ["Name", "Status", "Campaign group", "Priority", "Schedule", "Last run"];

const newButton = (
  <Button asChild>
    <Link href="/single-sends/new">
      <Plus aria-hidden /> New single send
    </Link>
  </Button>
);

export function SingleSendsView() {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState("");
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<string>(ALL);
  const [groupId, setGroupId] = useState<string>(ALL);
  const [page, setPage] = useState(1);

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(searchText.trim());
      setPage(1);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  const options = useQuery(trpc.singleSends.formOptions.queryOptions());
  const sends = useQuery(
    trpc.singleSends.list.queryOptions(
      {
        search: search || undefined,
        status: status === ALL ? undefined : (status as SingleSendStatus),
        campaignGroupId: groupId === ALL ? undefined : groupId,
        page,
        pageSize: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
  );

  const filtered = search !== "" || status !== ALL || groupId !== ALL;
  const clearFilters = () => {
    setSearchText("");
    setSearch("");
    setStatus(ALL);
    setGroupId(ALL);
    setPage(1);
  };

  let body: ReactNode;
  if (sends.isPending) {
    body = <TableSkeleton columns={columns} rows={4} />;
  } else if (sends.isError) {
    body = <ErrorState title="Could not load single sends" error={sends.error} onRetry={() => void sends.refetch()} retrying={sends.isFetching} />;
  } else if (sends.data.total === 0) {
    body = filtered ? (
      <EmptyState
        icon={Rocket}
        title="No single sends match these filters"
        action={
          <Button variant="outline" size="sm" onClick={clearFilters}>
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={Rocket}
        title="No single sends yet"
        text="A single send emails a segment with a published template from a sender profile, by hand, once at a set time or on a cron schedule."
        action={newButton}
      />
    );
  } else {
    body = (
      <div className="space-y-4">
        <div className={`rounded-lg border transition-opacity ${sends.isPlaceholderData ? "opacity-60" : ""}`}>
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {sends.data.items.map((send) => (
                <TableRow key={send.id}>
                  <TableCell className="font-medium">
                    <Link href={`/single-sends/${send.id}`} className="underline-offset-4 hover:underline">
                      {send.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <SingleSendStatusBadge status={send.status} />
                  </TableCell>
                  <TableCell className={send.campaignGroupName ? undefined : "text-muted-foreground"}>{send.campaignGroupName ?? "—"}</TableCell>
                  <TableCell className="tabular-nums">{send.priority}</TableCell>
                  <TableCell>
                    <div className="flex flex-col">
                      <span>{scheduleLabel(send.schedule)}</span>
                      {send.nextRunAt && send.schedule.type === "CRON" ? (
                        <span className="text-xs text-muted-foreground">
                          Next <Timestamp date={send.nextRunAt} relative />
                        </span>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell>
                    {send.lastRun ? (
                      <div className="flex flex-col items-start gap-1">
                        <Link href={`/single-sends/${send.id}/runs/${send.lastRun.id}`} aria-label={`Last run of ${send.name}`}>
                          <RunStatusBadge status={send.lastRun.status} />
                        </Link>
                        <span className="text-xs text-muted-foreground">
                          <Timestamp date={send.lastRun.createdAt} relative />
                        </span>
                      </div>
                    ) : (
                      <span className="text-muted-foreground">Never run</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={sends.data.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Single sends"
        description="One email to one segment: by hand, once at a set time, or on a schedule. Sends in a campaign group are coordinated so nobody gets several of them within the group's window."
        actions={newButton}
      />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <div className="grid w-full max-w-sm gap-1.5">
          <Label htmlFor="single-sends-search" className="text-xs text-muted-foreground">
            Name
          </Label>
          <Input
            id="single-sends-search"
            type="search"
            autoComplete="off"
            placeholder="Search by name"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        <div className="grid w-full gap-1.5 sm:w-48">
          <Label htmlFor="single-sends-status" className="text-xs text-muted-foreground">
            Status
          </Label>
          <Select
            value={status}
            onValueChange={(value) => {
              setStatus(value);
              setPage(1);
            }}
          >
            <SelectTrigger id="single-sends-status" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All statuses</SelectItem>
              {SINGLE_SEND_STATUS_OPTIONS.map((option) => (
                <SelectItem key={option} value={option}>
                  {singleSendStatusLabel[option]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid w-full gap-1.5 sm:w-56">
          <Label htmlFor="single-sends-group" className="text-xs text-muted-foreground">
            Campaign group
          </Label>
          <Select
            value={groupId}
            onValueChange={(value) => {
              setGroupId(value);
              setPage(1);
            }}
          >
            <SelectTrigger id="single-sends-group" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All groups</SelectItem>
              {(options.data?.campaignGroups ?? []).map((group) => (
                <SelectItem key={group.id} value={group.id}>
                  {group.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <Button variant="ghost" onClick={clearFilters} disabled={!filtered && searchText === ""}>
          <X aria-hidden />
          Clear
        </Button>
      </div>
      {body}
    </div>
  );
}
