"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/dialog-form-footer";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { EmailConnectorType } from "@/server/domain/email-connectors/config";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { ConfigFields } from "./config-fields";
import { ConnectionTestResult, type EmailConnectionTestResult } from "./connection-test-result";
import {
  buildConfig,
  connectorTypeLabel,
  connectorTypeOptions,
  emptyConfigValues,
  fieldErrorsFromMessage,
  type ConfigField,
  type ConfigValues,
} from "./connector-types";

export type EmailConnector = RouterOutputs["emailConnectors"]["list"][number];

function EmailConnectorForm({ connector, onDone }: { connector: EmailConnector | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(connector?.name ?? "");
  const [type, setType] = useState<EmailConnectorType>(connector?.type ?? "DEV_INBOX");
  const [config, setConfig] = useState<ConfigValues>(emptyConfigValues);
  /**
   * Stored settings are encrypted and never sent back, so editing keeps them unless the admin replaces them, and a
   * replacement is complete (secrets included): there is no half-known config to merge into.
   */
  const [replaceSettings, setReplaceSettings] = useState(connector === null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [testResult, setTestResult] = useState<EmailConnectionTestResult | null>(null);
  const selected = connectorTypeOptions.find((option) => option.type === type);
  const hasSettings = type !== "DEV_INBOX";
  const sendsSettings = hasSettings && replaceSettings;

  function showError(error: unknown) {
    const info = describeTrpcError(error);
    setFieldErrors(info.code === "CONFLICT" ? { name: info.message } : fieldErrorsFromMessage(info.message));
  }

  const onSaved = async (saved: EmailConnector) => {
    toast.success(connector ? `Saved email connector “${saved.name}”` : `Created email connector “${saved.name}”`);
    onDone();
    await queryClient.invalidateQueries(trpc.emailConnectors.list.queryFilter());
  };
  const create = useMutation(trpc.emailConnectors.create.mutationOptions({ onSuccess: onSaved, onError: showError }));
  const update = useMutation(trpc.emailConnectors.update.mutationOptions({ onSuccess: onSaved, onError: showError }));
  const testOptions = { onSuccess: setTestResult, onError: showError };
  const testUnsaved = useMutation(trpc.emailConnectors.testConnection.mutationOptions(testOptions));
  const testSaved = useMutation(trpc.emailConnectors.testSaved.mutationOptions(testOptions));
  const saving = create.isPending || update.isPending;

  function changeConfig<Field extends ConfigField>(field: Field, value: ConfigValues[Field]) {
    setConfig((current) => ({ ...current, [field]: value }));
    setTestResult(null);
  }

  function runTest() {
    setFieldErrors({});
    setTestResult(null);
    if (connector && !sendsSettings) testSaved.mutate({ id: connector.id });
    else testUnsaved.mutate({ type, config: buildConfig(type, config) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    if (!connector) {
      create.mutate({ name, type, config: buildConfig(type, config) });
      return;
    }
    update.mutate({ id: connector.id, name, ...(sendsSettings ? { config: buildConfig(type, config) } : {}) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="email-connector-name" label="Name" error={fieldErrors.name} hint="How sender profiles refer to it, e.g. “SES production”.">
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      {connector ? (
        <div className="grid gap-2">
          <p className="text-sm leading-none font-medium">Type</p>
          <p className="text-sm text-muted-foreground">{connectorTypeLabel(connector.type)} (cannot be changed)</p>
        </div>
      ) : (
        <FormField id="email-connector-type" label="Type" error={fieldErrors.type} hint={selected?.description}>
          {(control) => (
            <Select
              value={type}
              onValueChange={(value) => {
                setType(value as EmailConnectorType);
                setFieldErrors({});
                setTestResult(null);
              }}
            >
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {connectorTypeOptions.map((option) => (
                  <SelectItem key={option.type} value={option.type}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      )}
      {connector && hasSettings ? (
        <div className="flex items-center justify-between gap-4 rounded-md border p-3">
          <div className="grid gap-1">
            <Label htmlFor="email-connector-replace-settings">Replace settings</Label>
            <p className="text-sm text-muted-foreground">
              The stored settings are encrypted and never shown. To change any of them, enter all of them again, secrets included.
            </p>
          </div>
          <Switch
            id="email-connector-replace-settings"
            checked={replaceSettings}
            onCheckedChange={(checked) => {
              setReplaceSettings(checked);
              setFieldErrors({});
              setTestResult(null);
            }}
          />
        </div>
      ) : null}
      {sendsSettings ? <ConfigFields type={type} values={config} errors={fieldErrors} onChange={changeConfig} /> : null}
      <FormError message={fieldErrors[""]} />
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

/** Create (connector null) or edit an email connector; the form remounts on every open so it starts fresh. */
export function EmailConnectorFormDialog({
  open,
  onOpenChange,
  connector,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  connector: EmailConnector | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{connector ? `Edit “${connector.name}”` : "New email connector"}</DialogTitle>
          <DialogDescription>The provider EmailOps sends through. Settings are encrypted at rest and never shown again.</DialogDescription>
        </DialogHeader>
        <EmailConnectorForm key={connector?.id ?? "new"} connector={connector} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}
