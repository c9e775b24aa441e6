"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plug } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { showConnectionTestResult } from "./connection-test-toast";
import { connectorTypeLabel } from "./connector-types";
import { CreateEmailConnectorDialog } from "./create-email-connector-dialog";

type EmailConnector = RouterOutputs["emailConnectors"]["list"][number];

export function EmailConnectorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const connectors = useQuery(trpc.emailConnectors.list.queryOptions());
  const [deleteTarget, setDeleteTarget] = useState<EmailConnector | null>(null);

  const test = useMutation(
    trpc.emailConnectors.testSaved.mutationOptions({
      onSuccess: showConnectionTestResult,
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );
  const remove = useMutation(
    trpc.emailConnectors.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted email connector “${deleteTarget?.name ?? ""}”`);
        setDeleteTarget(null);
        await queryClient.invalidateQueries(trpc.emailConnectors.list.queryFilter());
      },
      onError: (error) => {
        setDeleteTarget(null);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const columns = ["Name", "Type", "Settings", "Created", ...(isAdmin ? [""] : [])];
  let body: ReactNode;
  if (connectors.isPending) {
    body = <TableSkeleton columns={columns} rows={2} />;
  } else if (connectors.isError) {
    body = (
      <ErrorState
        title="Could not load email connectors"
        error={connectors.error}
        onRetry={() => void connectors.refetch()}
        retrying={connectors.isFetching}
      />
    );
  } else if (connectors.data.length === 0) {
    body = (
      <EmptyState
        icon={Plug}
        title="No email connectors yet"
        text={
          isAdmin
            ? "Add a dev inbox connector to capture emails inside EmailOps while you set things up."
            : "An admin needs to add an email connector before emails can be sent."
        }
        action={isAdmin ? <CreateEmailConnectorDialog /> : null}
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
                  <Badge variant="outline">{connectorTypeLabel(connector.type)}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <span title="Connector settings are encrypted and never shown">{connector.config}</span>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <Timestamp date={connector.createdAt} />
                </TableCell>
                {isAdmin ? (
                  <TableCell className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="sm"
                      pending={test.isPending && test.variables.id === connector.id}
                      onClick={() => test.mutate({ id: connector.id })}
                      aria-label={`Test connection of ${connector.name}`}
                    >
                      Test connection
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                      onClick={() => setDeleteTarget(connector)}
                      aria-label={`Delete ${connector.name}`}
                    >
                      Delete
                    </Button>
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
        title="Email connectors"
        description="The providers EmailOps sends through. Sender profiles pick one; settings are encrypted at rest and never shown."
        actions={isAdmin && connectors.isSuccess && connectors.data.length > 0 ? <CreateEmailConnectorDialog /> : null}
      />
      {body}
      <ConfirmDialog
        open={deleteTarget !== null}
        onOpenChange={(open) => (open ? undefined : setDeleteTarget(null))}
        title="Delete email connector?"
        description={`“${deleteTarget?.name ?? ""}” is removed for good. Connectors still used by sender profiles cannot be deleted.`}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        onConfirm={() => deleteTarget && remove.mutate({ id: deleteTarget.id })}
      />
    </div>
  );
}
