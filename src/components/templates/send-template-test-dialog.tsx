"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterInputs } from "@/trpc/react";

type SendTestInput = RouterInputs["templates"]["sendTest"];

export interface SendTemplateTestTarget {
  templateId: string;
  versionId: string;
  /** Unsaved editor content to send instead of the stored version. */
  source?: SendTestInput["source"];
  data: Record<string, unknown>;
}

function SendTestForm({ target, onDone }: { target: SendTemplateTestTarget; onDone: () => void }) {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const profiles = useQuery(trpc.senderProfiles.list.queryOptions());
  const [senderProfileId, setSenderProfileId] = useState("");
  const [to, setTo] = useState(me.email);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const profileId = senderProfileId || profiles.data?.[0]?.id || "";

  const send = useMutation(
    trpc.templates.sendTest.mutationOptions({
      onSuccess: (result) => {
        toast.success("Test email queued — check the Dev inbox", {
          description: (
            <span>
              {result.missingVariables.length > 0 ? `Rendered without ${result.missingVariables.join(", ")}. ` : null}
              <Link href="/dev-inbox" className="font-medium underline underline-offset-4">
                Open the Dev inbox
              </Link>
            </span>
          ),
        });
        onDone();
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([field]) => field === "to" || field === "senderProfileId"));
        const prefixed = /^(to|senderProfileId): (.*)$/s.exec(info.message);
        if (prefixed?.[1] && prefixed[2]) fields[prefixed[1]] = prefixed[2];
        setFieldErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    send.mutate({
      id: target.templateId,
      versionId: target.versionId,
      ...(target.source ? { source: target.source } : {}),
      senderProfileId: profileId,
      to,
      data: target.data,
    });
  }

  const noProfiles = profiles.isSuccess && profiles.data.length === 0;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField
        id="template-test-sender-profile"
        label="Sender profile"
        error={fieldErrors.senderProfileId}
        hint={
          noProfiles ? (
            <>
              No sender profiles yet; an admin adds them under{" "}
              <Link href="/sender-profiles" className="underline underline-offset-4">
                Sender profiles
              </Link>
              .
            </>
          ) : (
            "The From address and email connector the test goes through."
          )
        }
      >
        {(control) => (
          <Select value={profileId} onValueChange={setSenderProfileId}>
            <SelectTrigger {...control}>
              <SelectValue placeholder={profiles.isPending ? "Loading…" : "Choose a sender profile"} />
            </SelectTrigger>
            <SelectContent>
              {(profiles.data ?? []).map((profile) => (
                <SelectItem key={profile.id} value={profile.id}>
                  {profile.name} <span className="text-muted-foreground">({profile.fromEmail})</span>
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormField id="template-test-to" label="Send to" error={fieldErrors.to}>
        <Input type="email" autoComplete="email" value={to} onChange={(event) => setTo(event.target.value)} />
      </FormField>
      <FormError message={formError} />
      <DialogFormFooter pending={send.isPending} submitLabel="Send test email" submitDisabled={noProfiles} />
    </form>
  );
}

/** Renders what the editor shows, with the current preview data, and queues it to one address. */
export function SendTemplateTestDialog({ target, onOpenChange }: { target: SendTemplateTestTarget | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Send test</DialogTitle>
          <DialogDescription>The email as previewed, rendered with the current preview data.</DialogDescription>
        </DialogHeader>
        {target ? <SendTestForm target={target} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
