"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Database, Ellipsis, Pencil, Plus, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { DataConnectionTestResult } from "./connection-test-result";
import { DataConnectorFormDialog, type DataConnector } from "./data-connector-form-dialog";
import { dataConnectorTypeLabel } from "./data-connector-types";

function showTestResult(result: DataConnectionTestResult): void {
  const details = [result.serverVersion, result.canWrite === false ? "read-only" : null].filter(Boolean).join(", ");
  if (!result.ok) toast.error("Connection failed", { description: result.error });
  else if (result.warnings.length > 0) toast.warning(`Connected in ${result.latencyMs} ms`, { description: [details, ...result.warnings].join(" — ") });
  else toast.success(`Connected in ${result.latencyMs} ms`, { description: details });
}

export function DataConnectorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const connectors = useQuery(trpc.dataConnectors.list.queryOptions());
  const [formOpen, setFormOpen] = useState(false);
  const [editTarget, setEditTarget] = useState<DataConnector | null>(null);
  const [deleteTarget, setDeleteTarget] = useState<DataConnector | null>(null);

  const test = useMutation(
    trpc.dataConnectors.testSaved.mutationOptions({
      onSuccess: showTestResult,
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );
  const remove = useMutation(
    trpc.dataConnectors.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted data connector “${deleteTarget?.name ?? ""}”`);
        setDeleteTarget(null);
        await queryClient.invalidateQueries(trpc.dataConnectors.list.queryFilter());
      },
      onError: (error) => {
        setDeleteTarget(null);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  function openForm(connector: DataConnector | null) {
    setEditTarget(connector);
    setFormOpen(true);
  }

  const newButton = isAdmin ? (
    <Button onClick={() => openForm(null)}>
      <Plus aria-hidden />
      New data connector
    </Button>
  ) : null;

  const columns = ["Name", "Type", "Credentials", "Created", ...(isAdmin ? [""] : [])];
  let body: ReactNode;
  if (connectors.isPending) {
    body = <TableSkeleton columns={columns} rows={2} />;
  } else if (connectors.isError) {
    body = (
      <ErrorState title="Could not load data connectors" error={connectors.error} onRetry={() => void connectors.refetch()} retrying={connectors.isFetching} />
    );
  } else if (connectors.data.length === 0) {
    body = (
      <EmptyState
        icon={Database}
        title="No data connectors yet"
        text={
          isAdmin
            ? "Connect a Postgres database or BigQuery project so segments can select recipients with SQL. Run `seed-demo` for a ready demo warehouse."
            : "An admin needs to add a data connector before segments can be written."
        }
        action={newButton}
      />
    );
  } else {
    body = (
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
            {connectors.data.map((connector) => (
              <TableRow key={connector.id}>
                <TableCell className="font-medium">{connector.name}</TableCell>
                <TableCell>
                  <Badge variant="outline">{dataConnectorTypeLabel(connector.type)}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <span title="Credentials are encrypted and never shown">{connector.config}</span>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <Timestamp date={connector.createdAt} />
                </TableCell>
                {isAdmin ? (
                  <TableCell className="w-48 text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="sm"
                      pending={test.isPending && test.variables.id === connector.id}
                      onClick={() => test.mutate({ id: connector.id })}
                      aria-label={`Test connection of ${connector.name}`}
                    >
                      Test connection
                    </Button>
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${connector.name}`}>
                          <Ellipsis aria-hidden />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => openForm(connector)}>
                          <Pencil aria-hidden />
                          Edit
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem variant="destructive" onSelect={() => setDeleteTarget(connector)}>
                          <Trash2 aria-hidden />
                          Delete
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Data connectors"
        description="The warehouses segments read from with SQL (Postgres or BigQuery). Credentials are encrypted at rest and never shown."
        actions={connectors.isSuccess && connectors.data.length > 0 ? newButton : null}
      />
      {body}
      <DataConnectorFormDialog open={formOpen} onOpenChange={setFormOpen} connector={editTarget} />
      <ConfirmDialog
        open={deleteTarget !== null}
        onOpenChange={(open) => (open ? undefined : setDeleteTarget(null))}
        title="Delete data connector?"
        description={`“${deleteTarget?.name ?? ""}” is removed for good. Connectors still used by segments cannot be deleted.`}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        onConfirm={() => deleteTarget && remove.mutate({ id: deleteTarget.id })}
      />
    </div>
  );
}
