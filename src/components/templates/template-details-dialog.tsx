"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { categoryLabel, TEMPLATE_CATEGORIES, type TemplateCategory } from "./template-form";

export type TemplateSummary = RouterOutputs["templates"]["get"];

function DetailsForm({ template, onDone }: { template: TemplateSummary; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(template.name);
  const [key, setKey] = useState(template.key);
  const [category, setCategory] = useState<TemplateCategory>(template.category);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const update = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: async (saved) => {
        toast.success(`Saved template “${saved.name}”`);
        onDone();
        await queryClient.invalidateQueries(trpc.templates.list.queryFilter());
        await queryClient.invalidateQueries(trpc.templates.get.queryFilter({ id: saved.id }));
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        if (info.code === "CONFLICT") {
          setFieldErrors({ key: info.message });
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
    update.mutate({ id: template.id, name, key, category });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="template-details-name" label="Name" error={fieldErrors.name}>
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField id="template-details-key" label="Key" error={fieldErrors.key} hint="Changing the key breaks API clients that send by key.">
        <Input autoComplete="off" spellCheck={false} className="font-mono" value={key} onChange={(event) => setKey(event.target.value)} />
      </FormField>
      <FormField id="template-details-category" label="Category" error={fieldErrors.category}>
        {(control) => (
          <Select value={category} onValueChange={(value) => setCategory(value as TemplateCategory)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {TEMPLATE_CATEGORIES.map((value) => (
                <SelectItem key={value} value={value}>
                  {categoryLabel[value]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormError message={formError} />
      <DialogFormFooter pending={update.isPending} submitLabel="Save" />
    </form>
  );
}

/** Name, key and category belong to the template, not to a version: they change without a new version. */
export function TemplateDetailsDialog({ template, open, onOpenChange }: { template: TemplateSummary; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Template details</DialogTitle>
          <DialogDescription>These apply to every version of the template.</DialogDescription>
        </DialogHeader>
        {open ? <DetailsForm template={template} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
