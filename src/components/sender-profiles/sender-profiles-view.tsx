"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ellipsis, Pencil, Plus, Send, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { paginate } from "@/lib/paginate";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { SenderProfileFormDialog, type SenderProfile } from "./sender-profile-form-dialog";
import { SendTestEmailDialog } from "./send-test-email-dialog";

const PAGE_SIZE = 20;
const columns = ["Name", "From", "Reply-to", "Email connector", "Rate limit", ""];

const formatRate = (profile: SenderProfile) => `${profile.refillPerSecond.toLocaleString("en")}/s, burst ${profile.bucketSize.toLocaleString("en")}`;

export function SenderProfilesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const profiles = useQuery(trpc.senderProfiles.list.queryOptions());
  const [page, setPage] = useState(1);
  const [formOpen, setFormOpen] = useState(false);
  const [editTarget, setEditTarget] = useState<SenderProfile | null>(null);
  const [testTarget, setTestTarget] = useState<SenderProfile | null>(null);
  const [deleteTarget, setDeleteTarget] = useState<SenderProfile | null>(null);

  const remove = useMutation(
    trpc.senderProfiles.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted sender profile “${deleteTarget?.name ?? ""}”`);
        setDeleteTarget(null);
        await queryClient.invalidateQueries(trpc.senderProfiles.list.queryFilter());
      },
      onError: (error) => {
        setDeleteTarget(null);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  function openForm(profile: SenderProfile | null) {
    setEditTarget(profile);
    setFormOpen(true);
  }

  const newButton = isAdmin ? (
    <Button onClick={() => openForm(null)}>
      <Plus aria-hidden />
      New sender profile
    </Button>
  ) : null;

  let body: ReactNode;
  if (profiles.isPending) {
    body = <TableSkeleton columns={columns} rows={3} />;
  } else if (profiles.isError) {
    body = <ErrorState title="Could not load sender profiles" error={profiles.error} onRetry={() => void profiles.refetch()} retrying={profiles.isFetching} />;
  } else if (profiles.data.length === 0) {
    body = (
      <EmptyState
        icon={Send}
        title="No sender profiles yet"
        text={isAdmin ? "A sender profile sets the From address, reply-to and sending rate for one email connector." : "An admin needs to create a sender profile."}
        action={newButton}
      />
    );
  } else {
    const paged = paginate(profiles.data, page, PAGE_SIZE);
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
              {paged.rows.map((profile) => (
                <TableRow key={profile.id}>
                  <TableCell className="font-medium">{profile.name}</TableCell>
                  <TableCell>
                    <div className="flex flex-col">
                      {profile.fromName ? <span>{profile.fromName}</span> : null}
                      <span className="text-muted-foreground">{profile.fromEmail}</span>
                    </div>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{profile.replyTo ?? "—"}</TableCell>
                  <TableCell>{profile.emailConnectorName}</TableCell>
                  <TableCell className="text-muted-foreground tabular-nums">{formatRate(profile)}</TableCell>
                  <TableCell className="w-40 text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setTestTarget(profile)} aria-label={`Send test email from ${profile.name}`}>
                      Send test
                    </Button>
                    {isAdmin ? (
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${profile.name}`}>
                            <Ellipsis aria-hidden />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => openForm(profile)}>
                            <Pencil aria-hidden />
                            Edit
                          </DropdownMenuItem>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem variant="destructive" onSelect={() => setDeleteTarget(profile)}>
                            <Trash2 aria-hidden />
                            Delete
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    ) : null}
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
        title="Sender profiles"
        description="From addresses with their reply-to, email connector and rate limit. Single sends pick one."
        actions={profiles.isSuccess && profiles.data.length > 0 ? newButton : null}
      />
      {body}
      <SenderProfileFormDialog open={formOpen} onOpenChange={setFormOpen} profile={editTarget} />
      <SendTestEmailDialog profile={testTarget} onOpenChange={(open) => (open ? undefined : setTestTarget(null))} />
      <ConfirmDialog
        open={deleteTarget !== null}
        onOpenChange={(open) => (open ? undefined : setDeleteTarget(null))}
        title="Delete sender profile?"
        description={`“${deleteTarget?.name ?? ""}” is removed for good.`}
        confirmLabel="Delete profile"
        pending={remove.isPending}
        onConfirm={() => deleteTarget && remove.mutate({ id: deleteTarget.id })}
      />
    </div>
  );
}
