"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { DataConnectorType } from "@/server/domain/data-connectors/data-connectors";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { ConfigFields } from "./config-fields";
import { ConnectionTestResult, type DataConnectionTestResult } from "./connection-test-result";
import {
  buildConfig,
  dataConnectorTypeLabel,
  dataConnectorTypeOptions,
  emptyConfigValues,
  fieldErrorsFromMessage,
  type ConfigValues,
} from "./data-connector-types";

export type DataConnector = RouterOutputs["dataConnectors"]["list"][number];

function DataConnectorForm({ connector, onDone }: { connector: DataConnector | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(connector?.name ?? "");
  const [type, setType] = useState<DataConnectorType>(connector?.type ?? "POSTGRES");
  const [config, setConfig] = useState<ConfigValues>(emptyConfigValues);
  /** Editing keeps the stored credentials unless the admin chooses to replace them (they are never shown). */
  const [replaceCredentials, setReplaceCredentials] = useState(connector === null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [testResult, setTestResult] = useState<DataConnectionTestResult | null>(null);
  const selected = dataConnectorTypeOptions.find((option) => option.type === type);

  function showError(error: unknown) {
    const info = describeTrpcError(error);
    if (info.code === "CONFLICT") {
      setFieldErrors({ name: info.message });
      return;
    }
    setFieldErrors(fieldErrorsFromMessage(info.message));
  }

  const onSaved = async (saved: DataConnector) => {
    toast.success(connector ? `Saved data connector “${saved.name}”` : `Created data connector “${saved.name}”`);
    onDone();
    await queryClient.invalidateQueries(trpc.dataConnectors.list.queryFilter());
  };
  const create = useMutation(trpc.dataConnectors.create.mutationOptions({ onSuccess: onSaved, onError: showError }));
  const update = useMutation(trpc.dataConnectors.update.mutationOptions({ onSuccess: onSaved, onError: showError }));
  const testOptions = { onSuccess: setTestResult, onError: showError };
  const testUnsaved = useMutation(trpc.dataConnectors.testConnection.mutationOptions(testOptions));
  const testSaved = useMutation(trpc.dataConnectors.testSaved.mutationOptions(testOptions));
  const saving = create.isPending || update.isPending;

  function changeConfig(field: keyof ConfigValues, value: string) {
    setConfig((current) => ({ ...current, [field]: value }));
    setTestResult(null);
  }

  function runTest() {
    setFieldErrors({});
    setTestResult(null);
    if (connector && !replaceCredentials) testSaved.mutate({ id: connector.id });
    else testUnsaved.mutate({ type, config: buildConfig(type, config) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    if (!connector) {
      create.mutate({ name, type, config: buildConfig(type, config) });
      return;
    }
    update.mutate({ id: connector.id, name, ...(replaceCredentials ? { config: buildConfig(type, config) } : {}) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="data-connector-name" label="Name" error={fieldErrors.name} hint="How segments refer to it, e.g. “Production warehouse”.">
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      {connector ? (
        <div className="grid gap-2">
          <p className="text-sm leading-none font-medium">Type</p>
          <p className="text-sm text-muted-foreground">{dataConnectorTypeLabel(connector.type)} (cannot be changed)</p>
        </div>
      ) : (
        <FormField id="data-connector-type" label="Type" error={fieldErrors.type} hint={selected?.description}>
          {(control) => (
            <Select
              value={type}
              onValueChange={(value) => {
                setType(value as DataConnectorType);
                setFieldErrors({});
                setTestResult(null);
              }}
            >
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {dataConnectorTypeOptions.map((option) => (
                  <SelectItem key={option.type} value={option.type}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      )}
      {connector ? (
        <div className="flex items-center justify-between gap-4 rounded-md border p-3">
          <div className="grid gap-1">
            <Label htmlFor="data-connector-replace-credentials">Replace credentials</Label>
            <p className="text-sm text-muted-foreground">The stored settings are encrypted and never shown; new ones replace them entirely.</p>
          </div>
          <Switch
            id="data-connector-replace-credentials"
            checked={replaceCredentials}
            onCheckedChange={(checked) => {
              setReplaceCredentials(checked);
              setTestResult(null);
            }}
          />
        </div>
      ) : null}
      {replaceCredentials ? <ConfigFields type={type} values={config} errors={fieldErrors} onChange={changeConfig} /> : null}
      {fieldErrors[""] ? (
        <p role="alert" className="text-sm text-destructive">
          {fieldErrors[""]}
        </p>
      ) : null}
      {testResult ? <ConnectionTestResult result={testResult} /> : null}
      <DialogFooter className="sm:justify-between">
        <Button type="button" variant="outline" pending={testUnsaved.isPending || testSaved.isPending} onClick={runTest}>
          Test connection
        </Button>
        <div className="flex flex-col-reverse gap-2 sm:flex-row">
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={saving}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" pending={saving}>
            {connector ? "Save" : "Create"}
          </Button>
        </div>
      </DialogFooter>
    </form>
  );
}

/** Create (connector null) or edit a data connector; the form remounts on every open so it starts fresh. */
export function DataConnectorFormDialog({
  open,
  onOpenChange,
  connector,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  connector: DataConnector | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{connector ? `Edit “${connector.name}”` : "New data connector"}</DialogTitle>
          <DialogDescription>
            The warehouse segments read from. Credentials are encrypted at rest and never shown again; give EmailOps a read-only role.
          </DialogDescription>
        </DialogHeader>
        <DataConnectorForm key={connector?.id ?? "new"} connector={connector} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}
