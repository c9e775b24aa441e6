"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ellipsis, Pencil, Plug, Plus, Trash2 } from "lucide-react";
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
import { showConnectionTestResult } from "./connection-test-toast";
import { connectorTypeLabel } from "./connector-types";
import { EmailConnectorFormDialog, type EmailConnector } from "./email-connector-form-dialog";

export function EmailConnectorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  const connectors = useQuery(trpc.emailConnectors.list.queryOptions());
  const [formOpen, setFormOpen] = useState(false);
  const [editTarget, setEditTarget] = useState<EmailConnector | null>(null);
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

  function openForm(connector: EmailConnector | null) {
    setEditTarget(connector);
    setFormOpen(true);
  }

  const newButton = isAdmin ? (
    <Button onClick={() => openForm(null)}>
      <Plus aria-hidden />
      New email connector
    </Button>
  ) : null;

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
            ? "Add Amazon SES, Resend or an SMTP server to send for real, or a dev inbox to capture emails inside EmailOps while you set things up."
            : "An admin needs to add an email connector before emails can be sent."
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
                  <Badge variant="outline">{connectorTypeLabel(connector.type)}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <span title="Connector settings are encrypted and never shown">{connector.config}</span>
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
        title="Email connectors"
        description="The providers EmailOps sends through. Sender profiles pick one; settings are encrypted at rest and never shown."
        actions={connectors.isSuccess && connectors.data.length > 0 ? newButton : null}
      />
      {body}
      <EmailConnectorFormDialog open={formOpen} onOpenChange={setFormOpen} connector={editTarget} />
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
