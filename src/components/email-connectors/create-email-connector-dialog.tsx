"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/components/ui/dialog-form-footer";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { EmailConnectorType } from "@/server/domain/email-connectors/config";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { showConnectionTestResult } from "./connection-test-toast";
import { connectorTypeOptions } from "./connector-types";

function CreateEmailConnectorForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [type, setType] = useState<EmailConnectorType>("DEV_INBOX");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const selected = connectorTypeOptions.find((option) => option.type === type);

  function showError(error: unknown) {
    const info = describeTrpcError(error);
    if (info.code === "CONFLICT") {
      setFieldErrors({ name: info.message });
      setFormError(null);
      return;
    }
    setFieldErrors(info.fieldErrors);
    setFormError(Object.keys(info.fieldErrors).length > 0 ? null : info.message);
  }

  const create = useMutation(
    trpc.emailConnectors.create.mutationOptions({
      onSuccess: async (connector) => {
        toast.success(`Created email connector “${connector.name}”`);
        onDone();
        await queryClient.invalidateQueries(trpc.emailConnectors.list.queryFilter());
      },
      onError: showError,
    }),
  );
  const test = useMutation(
    trpc.emailConnectors.testConnection.mutationOptions({
      onSuccess: showConnectionTestResult,
      onError: showError,
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    create.mutate({ name, type, config: {} });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="email-connector-name" label="Name" error={fieldErrors.name} hint="How sender profiles refer to it, e.g. “Local dev inbox”.">
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField id="email-connector-type" label="Type" error={fieldErrors.type ?? fieldErrors.config} hint={selected?.description}>
        {(control) => (
          <Select value={type} onValueChange={(value) => setType(value as EmailConnectorType)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {connectorTypeOptions.map((option) => (
                <SelectItem key={option.type} value={option.type} disabled={!option.available}>
                  {option.label}
                  {option.available ? null : <Badge variant="muted">Coming soon</Badge>}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormError message={formError} />
      <DialogFooter className="sm:justify-between">
        <Button type="button" variant="outline" pending={test.isPending} onClick={() => test.mutate({ type, config: {} })}>
          Test connection
        </Button>
        <div className="flex flex-col-reverse gap-2 sm:flex-row">
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={create.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" pending={create.isPending}>
            Create
          </Button>
        </div>
      </DialogFooter>
    </form>
  );
}

export function CreateEmailConnectorDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          New email connector
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New email connector</DialogTitle>
          <DialogDescription>The provider EmailOps sends through. Settings are encrypted and never shown again.</DialogDescription>
        </DialogHeader>
        <CreateEmailConnectorForm onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
