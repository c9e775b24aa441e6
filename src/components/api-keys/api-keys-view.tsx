"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { AdminsOnlyState } from "@/components/layout/admin-only";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { formatDateTime } from "@/lib/format";
import { paginate } from "@/lib/paginate";
import { describeTrpcError, trpcErrorCode } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

type ApiKey = RouterOutputs["apiKeys"]["list"][number];

const PAGE_SIZE = 20;
const columns = ["Name", "Key", "Created by", "Created", "Last used", "Status", ""];

export function ApiKeysView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [page, setPage] = useState(1);
  const [revokeTarget, setRevokeTarget] = useState<ApiKey | null>(null);

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(`Revoked “${revokeTarget?.name ?? "API key"}”`);
        setRevokeTarget(null);
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
      },
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );

  let body: ReactNode;
  if (keys.isPending) {
    body = <TableSkeleton columns={columns} rows={3} />;
  } else if (keys.isError) {
    body =
      trpcErrorCode(keys.error) === "FORBIDDEN" ? (
        <AdminsOnlyState />
      ) : (
        <ErrorState title="Could not load API keys" error={keys.error} onRetry={() => void keys.refetch()} retrying={keys.isFetching} />
      );
  } else if (keys.data.length === 0) {
    body = (
      <EmptyState
        icon={KeyRound}
        title="No API keys yet"
        text="Create a key to trigger sends and manage EmailOps from scripts, schedulers or CI through the REST API."
        action={<CreateApiKeyDialog />}
      />
    );
  } else {
    const paged = paginate(keys.data, page, PAGE_SIZE);
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
              {paged.rows.map((key) => {
                const revoked = key.revokedAt !== null;
                return (
                  <TableRow key={key.id} className={revoked ? "text-muted-foreground" : undefined}>
                    <TableCell className="font-medium">{key.name}</TableCell>
                    <TableCell>
                      <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{key.prefix}…</code>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{key.createdByEmail ?? "—"}</TableCell>
                    <TableCell className="text-muted-foreground">
                      <Timestamp date={key.createdAt} />
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      <Timestamp date={key.lastUsedAt} relative empty="Never" />
                    </TableCell>
                    <TableCell>
                      {revoked ? (
                        <Badge variant="muted" title={key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : undefined}>
                          Revoked
                        </Badge>
                      ) : (
                        <Badge variant="success">Active</Badge>
                      )}
                    </TableCell>
                    <TableCell className="w-24 text-right">
                      {revoked ? null : (
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                          onClick={() => setRevokeTarget(key)}
                          aria-label={`Revoke ${key.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
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
        title="API keys"
        description="Keys for the REST API under /api/v1. A key acts with admin rights; revoke keys you no longer use."
        actions={keys.isSuccess ? <CreateApiKeyDialog /> : null}
      />
      {body}
      <ConfirmDialog
        open={revokeTarget !== null}
        onOpenChange={(open) => (open ? undefined : setRevokeTarget(null))}
        title="Revoke API key?"
        description={`Anything using “${revokeTarget?.name ?? ""}” (${revokeTarget?.prefix ?? ""}…) is refused from now on. This cannot be undone.`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        onConfirm={() => revokeTarget && revoke.mutate({ id: revokeTarget.id })}
      />
    </div>
  );
}
