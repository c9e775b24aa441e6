"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { COMPONENT_TYPES, componentTypeLabel, CONTENT_TYPES, starterComponent, usageSnippet, type ComponentType, type ContentType } from "./component-form";

function NewComponentForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [type, setType] = useState<ComponentType>("BUTTON");
  const [contentType, setContentType] = useState<ContentType>("MJML");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.components.create.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Created component “${created.name}”`);
        onDone();
        await queryClient.invalidateQueries(trpc.components.list.queryFilter());
        router.push(`/components/${created.id}`);
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        if (info.code === "CONFLICT") {
          setFieldErrors({ name: info.message });
          return;
        }
        const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([field]) => ["name", "type", "contentType"].includes(field)));
        setFieldErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    create.mutate({ name, type, contentType, ...starterComponent(type, contentType) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="new-component-name" label="Name" error={fieldErrors.name} hint={`Use as ${usageSnippet(name, [{ name: "key", defaultValue: "value" }])}`}>
        <Input autoComplete="off" spellCheck={false} className="font-mono" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="new-component-type" label="Type" error={fieldErrors.type}>
          {(control) => (
            <Select value={type} onValueChange={(value) => setType(value as ComponentType)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {COMPONENT_TYPES.map((value) => (
                  <SelectItem key={value} value={value}>
                    {componentTypeLabel[value]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField id="new-component-content-type" label="Content type" error={fieldErrors.contentType}>
          {(control) => (
            <Select value={contentType} onValueChange={(value) => setContentType(value as ContentType)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {CONTENT_TYPES.map((value) => (
                  <SelectItem key={value} value={value}>
                    {value}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      </div>
      <FormError message={formError} />
      <DialogFormFooter pending={create.isPending} submitLabel="Create" />
    </form>
  );
}

/** Creates a component with starter content for its type, then opens its editor. */
export function NewComponentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New component</DialogTitle>
          <DialogDescription>Starts with example content and variables that you edit next.</DialogDescription>
        </DialogHeader>
        {open ? <NewComponentForm onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
