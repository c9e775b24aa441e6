"use client";

import { useMutation } from "@tanstack/react-query";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

interface Target {
  id: string;
  email: string;
}

function ResetPasswordForm({ user, onDone }: { user: Target; onDone: () => void }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: () => {
        toast.success(`Password reset for ${user.email}`);
        onDone();
      },
      onError: (failure) => {
        const info = describeTrpcError(failure);
        if (info.fieldErrors.password) {
          setError(info.fieldErrors.password);
          return;
        }
        setError(null);
        toast.error(info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    reset.mutate({ id: user.id, password });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="reset-password" label="New password" error={error ?? undefined} hint="At least 10 characters. Share it with the user securely.">
        <Input type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </FormField>
      <DialogFormFooter pending={reset.isPending} submitLabel="Reset password" />
    </form>
  );
}

export function ResetPasswordDialog({ user, onOpenChange }: { user: Target | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={user !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reset password</DialogTitle>
          <DialogDescription>
            Set a new password for <span className="font-medium text-foreground">{user?.email}</span>. Their current password stops working.
          </DialogDescription>
        </DialogHeader>
        {user ? <ResetPasswordForm user={user} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
