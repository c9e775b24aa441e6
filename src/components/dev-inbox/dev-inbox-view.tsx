"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, MailOpen, RotateCw, Trash2 } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { cn } from "@/lib/utils";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { DevInboxMessageView, type DevInboxMessage } from "./dev-inbox-message-view";

const PAGE_SIZE = 20;
const FILTER_DELAY_MS = 300;
const REFRESH_INTERVAL_MS = 5000;
const columns = ["Message", "Received"];

export function DevInboxView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const [filter, setFilter] = useState("");
  const [to, setTo] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<DevInboxMessage | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      setTo(filter.trim());
      setPage(1);
    }, FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filter]);

  const input = { to: to || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const messages = useQuery({
    ...trpc.devInbox.list.queryOptions(input),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_INTERVAL_MS,
  });

  const clear = useMutation(
    trpc.devInbox.clear.mutationOptions({
      onSuccess: async ({ deleted }) => {
        toast.success(`Deleted ${deleted} message${deleted === 1 ? "" : "s"}`);
        setConfirmClear(false);
        setSelected(null);
        setPage(1);
        await queryClient.invalidateQueries(trpc.devInbox.list.queryFilter());
      },
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );

  let list: ReactNode;
  if (messages.isPending) {
    list = <TableSkeleton columns={columns} rows={5} />;
  } else if (messages.isError) {
    list = <ErrorState title="Could not load the dev inbox" error={messages.error} onRetry={() => void messages.refetch()} retrying={messages.isFetching} />;
  } else if (messages.data.total === 0) {
    list = (
      <EmptyState
        icon={Inbox}
        title={to ? `No emails to recipients matching “${to}”` : "The dev inbox is empty"}
        text={
          to
            ? "Clear the filter to see every captured email."
            : "Emails sent through a dev inbox email connector land here. Send a test email from a sender profile to try it."
        }
      />
    );
  } else {
    const { total } = messages.data;
    list = (
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
              {messages.data.messages.map((message) => {
                const active = selected?.id === message.id;
                return (
                  <TableRow
                    key={message.id}
                    data-state={active ? "selected" : undefined}
                    className={cn("cursor-pointer", active && "bg-muted")}
                    onClick={() => setSelected(message)}
                  >
                    {/* max-w-0 + w-full: the cell takes the free width and truncates instead of widening the table. */}
                    <TableCell className="w-full max-w-0">
                      <button
                        type="button"
                        className="block w-full truncate text-left font-medium outline-none focus-visible:underline"
                        aria-current={active ? "true" : undefined}
                      >
                        {message.subject || "(no subject)"}
                      </button>
                      <span className="block truncate text-xs text-muted-foreground">{message.to}</span>
                    </TableCell>
                    <TableCell className="align-top text-muted-foreground whitespace-nowrap">
                      <Timestamp date={message.createdAt} relative />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Dev inbox"
        description="Every email sent through a dev inbox email connector, newest first. Nothing here reached a real recipient."
        actions={
          <>
            <Button variant="outline" onClick={() => void messages.refetch()} pending={messages.isFetching && !messages.isPending}>
              <RotateCw aria-hidden />
              Refresh
            </Button>
            {isAdmin ? (
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmClear(true)} disabled={!messages.data?.total}>
                <Trash2 aria-hidden />
                Delete all
              </Button>
            ) : null}
          </>
        }
      />
      <FormField id="dev-inbox-recipient" label="Recipient" hint="Shows emails whose recipient contains this text (not case-sensitive)." className="max-w-sm">
        <Input type="search" autoComplete="off" placeholder="e.g. alice@example.com" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </FormField>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-label="Messages">{list}</section>
        <section aria-label="Selected message" className="min-w-0">
          {selected ? (
            <DevInboxMessageView message={selected} />
          ) : (
            <EmptyState icon={MailOpen} title="No message selected" text="Choose a message to see its HTML, text and headers." />
          )}
        </section>
      </div>
      <ConfirmDialog
        open={confirmClear}
        onOpenChange={setConfirmClear}
        title="Delete every message?"
        description="All captured emails are removed from the dev inbox. This cannot be undone."
        confirmLabel="Delete all"
        pending={clear.isPending}
        onConfirm={() => clear.mutate()}
      />
    </div>
  );
}
