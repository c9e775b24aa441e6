"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
import { starterBuilderDocument } from "./builder-starter";
import { AUTHORING_MODES, authoringModeLabel, categoryLabel, emptyTemplateForm, STARTER_SUBJECT, starterHtml, starterMjml, TEMPLATE_CATEGORIES, withKey, withName, type AuthoringMode, type TemplateCategory, type TemplateFormValues } from "./template-form";

const modeHint: Record<AuthoringMode, string> = {
  MJML: "Responsive email markup with library components as {{> partials}}.",
  HTML: "Your own HTML; CSS is inlined when the version is published.",
  BUILDER: "Compose sections and blocks without writing markup.",
};

function NewTemplateForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const components = useQuery(trpc.components.list.queryOptions());
  const [values, setValues] = useState<TemplateFormValues>(emptyTemplateForm);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Created template “${created.name}”`);
        onDone();
        await queryClient.invalidateQueries(trpc.templates.list.queryFilter());
        router.push(`/templates/${created.id}`);
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        if (info.code === "CONFLICT") {
          setFieldErrors({ key: info.message });
          return;
        }
        const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([field]) => field in values));
        setFieldErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const componentNames = (components.data ?? []).map((component) => component.name);
    const body =
      values.authoringMode === "MJML"
        ? { bodyMjml: starterMjml(componentNames) }
        : values.authoringMode === "HTML"
          ? { bodyHtml: starterHtml() }
          : { builderJson: starterBuilderDocument() };
    create.mutate({
      name: values.name,
      key: values.key,
      category: values.category,
      initialVersion: { subject: STARTER_SUBJECT, preheader: "", authoringMode: values.authoringMode, ...body },
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="new-template-name" label="Name" error={fieldErrors.name}>
        <Input autoComplete="off" value={values.name} onChange={(event) => setValues((current) => withName(current, event.target.value))} />
      </FormField>
      <FormField id="new-template-key" label="Key" error={fieldErrors.key} hint="How the API and sends refer to the template; follows the name until you edit it.">
        <Input
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          value={values.key}
          onChange={(event) => setValues((current) => withKey(current, event.target.value))}
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="new-template-category" label="Category" error={fieldErrors.category}>
          {(control) => (
            <Select value={values.category} onValueChange={(category) => setValues((current) => ({ ...current, category: category as TemplateCategory }))}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {TEMPLATE_CATEGORIES.map((category) => (
                  <SelectItem key={category} value={category}>
                    {categoryLabel[category]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField id="new-template-authoring-mode" label="Authoring mode" error={fieldErrors.authoringMode}>
          {(control) => (
            <Select value={values.authoringMode} onValueChange={(mode) => setValues((current) => ({ ...current, authoringMode: mode as AuthoringMode }))}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {AUTHORING_MODES.map((mode) => (
                  <SelectItem key={mode} value={mode}>
                    {authoringModeLabel[mode]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      </div>
      <p className="text-sm text-muted-foreground">{modeHint[values.authoringMode]}</p>
      <FormError message={formError} />
      <DialogFormFooter pending={create.isPending} submitLabel="Create" />
    </form>
  );
}

/** Creates a template with a first draft in the chosen authoring mode, then opens it in the editor. */
export function NewTemplateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>New template</DialogTitle>
          <DialogDescription>Starts with a draft you can edit and preview; publishing makes it available to sends.</DialogDescription>
        </DialogHeader>
        {open ? <NewTemplateForm onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
