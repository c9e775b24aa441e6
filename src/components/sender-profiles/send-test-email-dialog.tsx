"use client";

import { useMutation } from "@tanstack/react-query";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { SenderProfile } from "./sender-profile-form-dialog";

function SendTestEmailForm({ profile, onDone }: { profile: SenderProfile; onDone: () => void }) {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const [to, setTo] = useState(me.email);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation(
    trpc.senderProfiles.sendTest.mutationOptions({
      onSuccess: () => {
        toast.success(`Test email to ${to} queued`, {
          description: "The worker sends it in a moment. Emails through a dev inbox connector appear under Dev inbox.",
        });
        onDone();
      },
      onError: (failure) => {
        const info = describeTrpcError(failure);
        setError(info.fieldErrors.to ?? info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    send.mutate({ id: profile.id, to });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="send-test-email-to" label="Send to" error={error ?? undefined}>
        <Input type="email" autoComplete="email" value={to} onChange={(event) => setTo(event.target.value)} />
      </FormField>
      <DialogFormFooter pending={send.isPending} submitLabel="Send test email" />
    </form>
  );
}

export function SendTestEmailDialog({ profile, onOpenChange }: { profile: SenderProfile | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={profile !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Send test email</DialogTitle>
          <DialogDescription>
            A short test message from “{profile?.name}” through the “{profile?.emailConnectorName}” connector.
          </DialogDescription>
        </DialogHeader>
        {profile ? <SendTestEmailForm key={profile.id} profile={profile} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
