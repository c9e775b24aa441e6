"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, Download } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { useDebouncedValue } from "@/components/templates/use-debounced-value";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
import type { SuppressionReason } from "@/server/domain/suppressions/suppressions";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { AddSuppressionDialog } from "./add-suppression-dialog";
import { ImportSuppressionsDialog } from "./import-suppressions-dialog";
import { ReasonBadge } from "./reason-badge";
import { isSuppressionReason, reasonInfo, suppressionReasons } from "./reasons";

type Suppression = RouterOutputs["suppressions"]["list"]["items"][number];

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;
const ALL_REASONS = "__all";

function exportHref(search: string, reason: SuppressionReason | undefined): string {
  const params = new URLSearchParams();
  if (search) params.set("search", search);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return `/api/v1/suppressions/export${query ? `?${query}` : ""}`;
}

export function SuppressionsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const [searchText, setSearchText] = useState("");
  const [reason, setReason] = useState<SuppressionReason | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [removeTarget, setRemoveTarget] = useState<Suppression | null>(null);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DELAY_MS);
  const [searchedFor, setSearchedFor] = useState(search);
  if (searchedFor !== search) {
    setSearchedFor(search);
    setPage(1);
  }

  const list = useQuery({
    ...trpc.suppressions.list.queryOptions({ search: search || undefined, reason, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const remove = useMutation(
    trpc.suppressions.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removeTarget?.email ?? "The address"} can receive email again`);
        setRemoveTarget(null);
        await queryClient.invalidateQueries(trpc.suppressions.list.queryFilter());
      },
      onError: (error) => {
        setRemoveTarget(null);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const filtered = search !== "" || reason !== undefined;
  const columns = ["Email", "Reason", "Source", "Note", "Added", ...(isAdmin ? [""] : [])];

  let body: ReactNode;
  if (list.isPending) {
    body = <TableSkeleton columns={columns} rows={6} />;
  } else if (list.isError) {
    body = <ErrorState title="Could not load suppressions" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  } else if (list.data.total === 0) {
    body = filtered ? (
      <EmptyState
        icon={Ban}
        title="No suppressions match"
        text={search ? `No suppressed address contains “${search}”${reason ? ` with reason ${reasonInfo(reason).label.toLowerCase()}` : ""}.` : "Nothing has this reason yet."}
        action={
          <Button
            variant="outline"
            size="sm"
            onClick={() => {
              setSearchText("");
              setReason(undefined);
              setPage(1);
            }}
          >
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={Ban}
        title="No suppressed addresses"
        text="Addresses land here when someone unsubscribes, an email bounces or is reported as spam, or when you add or import them. No single send emails them."
        action={<AddSuppressionDialog />}
      />
    );
  } else {
    body = (
      <div className="space-y-4">
        {list.data.masked ? (
          <p className="text-sm text-muted-foreground">Addresses are masked: the workspace hides personal data from members.</p>
        ) : null}
        <div className={`rounded-lg border transition-opacity ${list.isPlaceholderData ? "opacity-60" : ""}`}>
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column || <span className="sr-only">Actions</span>}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.items.map((suppression) => (
                <TableRow key={suppression.id}>
                  <TableCell className="max-w-72 truncate font-medium" title={suppression.email}>
                    {suppression.email}
                  </TableCell>
                  <TableCell>
                    <ReasonBadge reason={suppression.reason} />
                  </TableCell>
                  <TableCell className="text-muted-foreground">{suppression.source}</TableCell>
                  <TableCell className="max-w-72 truncate text-muted-foreground" title={suppression.note ?? undefined}>
                    {suppression.note ?? "—"}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <Timestamp date={suppression.createdAt} relative />
                  </TableCell>
                  {isAdmin ? (
                    <TableCell className="text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                        onClick={() => setRemoveTarget(suppression)}
                        aria-label={`Remove ${suppression.email} from the suppression list`}
                      >
                        Remove
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Suppressions"
        description="Addresses no single send will email: unsubscribes, bounces, spam complaints and the ones added by hand."
        actions={
          <>
            <Button variant="outline" asChild>
              <a href={exportHref(search, reason)} download>
                <Download aria-hidden />
                Export CSV
              </a>
            </Button>
            <ImportSuppressionsDialog />
            <AddSuppressionDialog />
          </>
        }
      />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <div className="grid w-full max-w-sm gap-1.5">
          <Label htmlFor="suppressions-search" className="text-xs text-muted-foreground">
            Search
          </Label>
          <Input
            id="suppressions-search"
            type="search"
            autoComplete="off"
            placeholder="Part of an address, e.g. @example.com"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        <div className="grid w-full gap-1.5 sm:w-48">
          <Label htmlFor="suppressions-reason" className="text-xs text-muted-foreground">
            Reason
          </Label>
          <Select
            value={reason ?? ALL_REASONS}
            onValueChange={(value) => {
              setReason(isSuppressionReason(value) ? value : undefined);
              setPage(1);
            }}
          >
            <SelectTrigger id="suppressions-reason">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL_REASONS}>All reasons</SelectItem>
              {suppressionReasons.map((option) => (
                <SelectItem key={option} value={option}>
                  {reasonInfo(option).label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>
      {body}
      <ConfirmDialog
        open={removeTarget !== null}
        onOpenChange={(open) => (open ? undefined : setRemoveTarget(null))}
        title="Remove this suppression?"
        description={`${removeTarget?.email ?? ""} (${removeTarget ? reasonInfo(removeTarget.reason).label.toLowerCase() : ""}) will receive email from single sends again. The removal is recorded in the audit log.`}
        confirmLabel="Remove suppression"
        pending={remove.isPending}
        onConfirm={() => removeTarget && remove.mutate({ id: removeTarget.id })}
      />
    </div>
  );
}
