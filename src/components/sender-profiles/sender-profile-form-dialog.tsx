"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

export type SenderProfile = RouterOutputs["senderProfiles"]["list"][number];

interface FormValues {
  name: string;
  fromEmail: string;
  fromName: string;
  replyTo: string;
  emailConnectorId: string;
  bucketSize: string;
  refillPerSecond: string;
}

const toValues = (profile: SenderProfile | null): FormValues => ({
  name: profile?.name ?? "",
  fromEmail: profile?.fromEmail ?? "",
  fromName: profile?.fromName ?? "",
  replyTo: profile?.replyTo ?? "",
  emailConnectorId: profile?.emailConnectorId ?? "",
  bucketSize: String(profile?.bucketSize ?? 100),
  refillPerSecond: String(profile?.refillPerSecond ?? 10),
});

/** An empty number field is sent as NaN so the server answers "must be a number" instead of silently using 0. */
const toNumber = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

function SenderProfileForm({ profile, onDone }: { profile: SenderProfile | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connectors = useQuery(trpc.emailConnectors.list.queryOptions());
  const [values, setValues] = useState<FormValues>(() => toValues(profile));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (field: keyof FormValues) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  const onSuccess = async (saved: SenderProfile) => {
    toast.success(profile ? `Saved sender profile “${saved.name}”` : `Created sender profile “${saved.name}”`);
    onDone();
    await queryClient.invalidateQueries(trpc.senderProfiles.list.queryFilter());
  };
  const onError = (error: unknown) => {
    const info = describeTrpcError(error);
    if (info.code === "CONFLICT") {
      setFieldErrors({ name: info.message });
      setFormError(null);
      return;
    }
    const fieldMatch = /^(\w+): (.*)$/.exec(info.message);
    if (Object.keys(info.fieldErrors).length === 0 && fieldMatch?.[1] && fieldMatch[1] in values) {
      setFieldErrors({ [fieldMatch[1]]: fieldMatch[2] ?? info.message });
      setFormError(null);
      return;
    }
    setFieldErrors(info.fieldErrors);
    setFormError(Object.keys(info.fieldErrors).length > 0 ? null : info.message);
  };
  const create = useMutation(trpc.senderProfiles.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.senderProfiles.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const input = {
      name: values.name,
      fromEmail: values.fromEmail,
      fromName: values.fromName,
      replyTo: values.replyTo,
      emailConnectorId: values.emailConnectorId,
      bucketSize: toNumber(values.bucketSize),
      refillPerSecond: toNumber(values.refillPerSecond),
    };
    if (profile) update.mutate({ id: profile.id, ...input });
    else create.mutate(input);
  }

  let connectorHint: ReactNode = "The provider this profile sends through.";
  if (connectors.isSuccess && connectors.data.length === 0) {
    connectorHint = (
      <>
        No email connectors yet.{" "}
        <Link href="/email-connectors" className="underline underline-offset-4">
          Add one first
        </Link>
        .
      </>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="sender-profile-name" label="Name" error={fieldErrors.name}>
        <Input autoComplete="off" value={values.name} onChange={(event) => set("name")(event.target.value)} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="sender-profile-from-email" label="From email" error={fieldErrors.fromEmail}>
          <Input type="email" autoComplete="off" value={values.fromEmail} onChange={(event) => set("fromEmail")(event.target.value)} />
        </FormField>
        <FormField id="sender-profile-from-name" label="From name" error={fieldErrors.fromName} hint="Optional display name.">
          <Input autoComplete="off" value={values.fromName} onChange={(event) => set("fromName")(event.target.value)} />
        </FormField>
      </div>
      <FormField id="sender-profile-reply-to" label="Reply-to" error={fieldErrors.replyTo} hint="Optional; replies go here instead of the From address.">
        <Input type="email" autoComplete="off" value={values.replyTo} onChange={(event) => set("replyTo")(event.target.value)} />
      </FormField>
      <FormField id="sender-profile-email-connector" label="Email connector" error={fieldErrors.emailConnectorId} hint={connectorHint}>
        {(control) => (
          <Select value={values.emailConnectorId} onValueChange={set("emailConnectorId")}>
            <SelectTrigger {...control}>
              <SelectValue placeholder={connectors.isPending ? "Loading…" : "Choose an email connector"} />
            </SelectTrigger>
            <SelectContent>
              {(connectors.data ?? []).map((connector) => (
                <SelectItem key={connector.id} value={connector.id}>
                  {connector.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="sender-profile-bucket-size" label="Bucket size" error={fieldErrors.bucketSize} hint="Largest burst of emails, 1–100000.">
          <Input type="number" inputMode="numeric" min={1} max={100000} step={1} value={values.bucketSize} onChange={(event) => set("bucketSize")(event.target.value)} />
        </FormField>
        <FormField
          id="sender-profile-refill-per-second"
          label="Refill per second"
          error={fieldErrors.refillPerSecond}
          hint="Sustained emails per second, up to 10000."
        >
          <Input
            type="number"
            inputMode="decimal"
            min={0}
            max={10000}
            step="any"
            value={values.refillPerSecond}
            onChange={(event) => set("refillPerSecond")(event.target.value)}
          />
        </FormField>
      </div>
      <FormError message={formError} />
      <DialogFormFooter pending={pending} submitLabel={profile ? "Save" : "Create"} />
    </form>
  );
}

/** Create (profile null) or edit a sender profile; the form remounts on every open so it starts from fresh values. */
export function SenderProfileFormDialog({
  open,
  onOpenChange,
  profile,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  profile: SenderProfile | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{profile ? `Edit “${profile.name}”` : "New sender profile"}</DialogTitle>
          <DialogDescription>Who emails come from, where replies go, and how fast this sender may send.</DialogDescription>
        </DialogHeader>
        <SenderProfileForm key={profile?.id ?? "new"} profile={profile} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}
