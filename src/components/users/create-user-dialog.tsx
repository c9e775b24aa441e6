"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { Role } from "@/server/domain/auth/actor";

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`Added ${user.email}`);
        onDone();
        await queryClient.invalidateQueries(trpc.users.list.queryFilter());
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
    create.mutate({ email, name: name.trim() || undefined, password, role });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="new-user-email" label="Email" error={fieldErrors.email}>
        <Input type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
      </FormField>
      <FormField id="new-user-name" label="Name" error={fieldErrors.name} hint="Optional; shown next to the email in lists.">
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField id="new-user-password" label="Password" error={fieldErrors.password} hint="At least 10 characters. Share it with the user securely.">
        <Input type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </FormField>
      <FormField
        id="new-user-role"
        label="Role"
        error={fieldErrors.role}
        hint="Admins also manage users, API keys and workspace settings."
      >
        {(control) => (
          <Select value={role} onValueChange={(value) => setRole(value as Role)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="member">Member</SelectItem>
              <SelectItem value="admin">Admin</SelectItem>
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormError message={formError} />
      <DialogFormFooter pending={create.isPending} submitLabel="Add user" />
    </form>
  );
}

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>The user signs in with this email and password.</DialogDescription>
        </DialogHeader>
        <CreateUserForm onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
