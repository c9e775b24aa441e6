"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { SuppressionReason } from "@/server/domain/suppressions/suppressions";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { reasonInfo, suppressionReasons } from "./reasons";

function AddSuppressionForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [reason, setReason] = useState<SuppressionReason>("manual");
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const add = useMutation(
    trpc.suppressions.add.mutationOptions({
      onSuccess: async (suppression) => {
        toast.success(`${suppression.emailNormalized} will not receive any more email`);
        onDone();
        await queryClient.invalidateQueries(trpc.suppressions.list.queryFilter());
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        if (info.code === "CONFLICT") {
          setFieldErrors({ email: info.message });
          setFormError(null);
          return;
        }
        setFieldErrors(info.fieldErrors);
        setFormError(Object.keys(info.fieldErrors).length > 0 ? null : info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    add.mutate({ email, reason, note });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="suppression-email" label="Email address" error={fieldErrors.email} hint="Stored lower-cased; matches the address in any capitalisation.">
        <Input type="email" autoComplete="off" placeholder="name@example.com" value={email} onChange={(event) => setEmail(event.target.value)} />
      </FormField>
      <FormField id="suppression-reason" label="Reason" error={fieldErrors.reason} hint={reasonInfo(reason).description}>
        {(control) => (
          <Select value={reason} onValueChange={(value) => setReason(value as SuppressionReason)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {suppressionReasons.map((option) => (
                <SelectItem key={option} value={option}>
                  {reasonInfo(option).label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormField id="suppression-note" label="Note (optional)" error={fieldErrors.note} hint="Why, for whoever reads this later, e.g. “asked by phone on 3 May”.">
        <Textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      <FormError message={formError} />
      <DialogFormFooter pending={add.isPending} submitLabel="Suppress address" />
    </form>
  );
}

export function AddSuppressionDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          Add suppression
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add suppression</DialogTitle>
          <DialogDescription>No single send will email this address while it is on the list.</DialogDescription>
        </DialogHeader>
        {open ? <AddSuppressionForm onDone={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
