"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { CircleAlert, Info } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { AppRouter } from "@/server/api/root";
import { EmailPreviewFrame } from "@/components/templates/email-preview-frame";
import { MarkupEditor } from "@/components/templates/markup-editor";
import { problemsFromDetails, sortProblems, type TemplateProblem } from "@/components/templates/template-problems";
import { useDebouncedRender } from "@/components/templates/use-debounced-render";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, useTRPCClient, type RouterInputs, type RouterOutputs } from "@/trpc/react";
import {
  COMPONENT_TYPES,
  componentTypeLabel,
  CONTENT_TYPES,
  previewArgs,
  toVariableRows,
  toVariables,
  usageSnippet,
  type ComponentType,
  type ContentType,
  type VariableRow,
} from "./component-form";
import { VariablesEditor } from "./variables-editor";

export type Component = RouterOutputs["components"]["get"];
type PreviewInput = RouterInputs["components"]["previewSource"];

const formFields = ["name", "type", "contentType", "content", "variables"] as const;
const NO_PROBLEMS: TemplateProblem[] = [];

function errorDetails(error: unknown): unknown {
  return isTRPCClientError<AppRouter>(error) ? error.data?.details : undefined;
}

function Problems({ title, items }: { title: string; items: TemplateProblem[] }) {
  return (
    <div role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm" data-testid="component-problems">
      <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
      <div className="min-w-0 space-y-1">
        <p className="font-medium text-destructive">{title}</p>
        <ul className="space-y-0.5">
          {sortProblems(items).map((problem, index) => (
            <li key={index} className="break-words whitespace-pre-wrap">
              {problem.line !== undefined ? <span className="mr-1.5 font-mono text-xs text-muted-foreground">Line {problem.line}</span> : null}
              {problem.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function ComponentEditor({ component }: { component: Component }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const contentLabelId = useId();
  const contentHintId = useId();
  const usage = useQuery(trpc.components.usage.queryOptions({ id: component.id }));

  const [name, setName] = useState(component.name);
  const [type, setType] = useState<ComponentType>(component.type);
  const [contentType, setContentType] = useState<ContentType>(component.contentType);
  const [content, setContent] = useState(component.content);
  const [rows, setRows] = useState<VariableRow[]>(() => toVariableRows(component.variables));
  const [argValues, setArgValues] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saveProblems, setSaveProblems] = useState<TemplateProblem[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const variables = useMemo(() => toVariables(rows), [rows]);
  const previewRequest = useMemo(
    (): PreviewInput => ({ id: component.id, name, contentType, content, variables, args: previewArgs(rows, argValues) }),
    [component.id, name, contentType, content, variables, rows, argValues],
  );
  const render = useCallback((input: PreviewInput, signal: AbortSignal) => client.components.previewSource.mutate(input, { signal }), [client]);
  const live = useDebouncedRender(previewRequest, render);
  const previewProblems = useMemo(() => (live.error ? problemsFromDetails(errorDetails(live.error)) : null), [live.error]);
  const problems = useMemo(
    () =>
      saveProblems
        ? { title: "The component was not saved", items: saveProblems }
        : previewProblems
          ? { title: "The preview does not render", items: previewProblems }
          : null,
    [saveProblems, previewProblems],
  );
  const previewMessage = live.error && !previewProblems ? describeTrpcError(live.error).message : null;

  const edited = <T,>(setter: (value: T) => void) => (value: T) => {
    setter(value);
    setSaveProblems(null);
  };

  const save = useMutation(
    trpc.components.update.mutationOptions({
      onSuccess: async (saved) => {
        toast.success(`Saved component “${saved.name}”`);
        await Promise.all([
          queryClient.invalidateQueries(trpc.components.list.queryFilter()),
          queryClient.invalidateQueries(trpc.components.get.queryFilter({ id: saved.id })),
        ]);
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        const items = problemsFromDetails(errorDetails(error));
        if (items) {
          setSaveProblems(items);
          return;
        }
        if (info.code === "CONFLICT") {
          setFieldErrors({ name: info.message });
          return;
        }
        const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([field]) => (formFields as readonly string[]).includes(field)));
        setFieldErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : info.message);
      },
    }),
  );
  const remove = useMutation(
    trpc.components.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted component “${component.name}”`);
        setConfirmDelete(false);
        await queryClient.invalidateQueries(trpc.components.list.queryFilter());
        router.push("/components");
      },
      onError: (error) => {
        setConfirmDelete(false);
        setFormError(describeTrpcError(error).message);
      },
    }),
  );

  function onSave() {
    setFieldErrors({});
    setFormError(null);
    setSaveProblems(null);
    save.mutate({ id: component.id, name, type, contentType, content, variables });
  }

  const previewVariables = rows.filter((row) => row.name.trim() !== "");
  const usedBy = usage.data?.activeVersions ?? [];

  return (
    <div className="space-y-6">
      <PageHeader
        title={<span className="font-mono">{component.name}</span>}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge variant="secondary">{componentTypeLabel[component.type]}</Badge>
            <Badge variant="outline">{component.contentType}</Badge>
          </span>
        }
        actions={
          <>
            <Button type="button" variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
            <Button type="button" pending={save.isPending} onClick={onSave}>
              Save
            </Button>
          </>
        }
      />
      <p className="flex items-start gap-2 rounded-md border bg-muted/40 p-3 text-sm text-muted-foreground">
        <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          Published template versions keep the component as it was when they were published. Changes show in drafts, previews and later publishes.
          {usedBy.length > 0 ? ` Active versions using it: ${usedBy.join(", ")}.` : null}
        </span>
      </p>
      {formError ? (
        <p role="alert" className="rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-destructive">
          {formError}
        </p>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-5">
              <FormField id="component-name" label="Name" error={fieldErrors.name} hint={`Use as ${usageSnippet(name, variables)}`}>
                <Input autoComplete="off" spellCheck={false} className="font-mono" value={name} onChange={(event) => edited(setName)(event.target.value)} />
              </FormField>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField id="component-type" label="Type" error={fieldErrors.type}>
                  {(control) => (
                    <Select value={type} onValueChange={(value) => edited(setType)(value as ComponentType)}>
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
                <FormField id="component-content-type" label="Content type" error={fieldErrors.contentType}>
                  {(control) => (
                    <Select value={contentType} onValueChange={(value) => edited(setContentType)(value as ContentType)}>
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
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>
                <Label id={contentLabelId} className="text-base">
                  Content
                </Label>
              </CardTitle>
              <CardDescription id={contentHintId}>
                {contentType === "MJML" ? "MJML elements that go inside a template's <mj-body> or <mj-column>." : "An HTML fragment."} Variables are{" "}
                <code>{"{{name}}"}</code>; other components can be nested as <code>{"{{> name}}"}</code>.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <MarkupEditor
                value={content}
                onChange={edited(setContent)}
                language={contentType}
                labelledBy={contentLabelId}
                describedBy={contentHintId}
                problems={problems?.items ?? NO_PROBLEMS}
                revealProblems={saveProblems !== null}
                minHeight="260px"
              />
              {fieldErrors.content ? <p className="text-sm text-destructive">{fieldErrors.content}</p> : null}
              {problems ? <Problems title={problems.title} items={problems.items} /> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Variables</CardTitle>
              <CardDescription>Hash arguments of the partial; a template that does not pass one gets its default.</CardDescription>
            </CardHeader>
            <CardContent>
              <VariablesEditor rows={rows} onChange={edited(setRows)} error={fieldErrors.variables} />
            </CardContent>
          </Card>
        </div>

        <Card className="min-w-0 content-start">
          <CardHeader>
            <CardTitle>Preview</CardTitle>
            <CardDescription>Rendered with the defaults, or with the values you try below.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-5" data-testid="component-preview">
            <EmailPreviewFrame title={`Preview of the ${name || "new"} component`} html={live.result?.html ?? ""} stale={live.pending} heightClass="h-[28rem]" />
            {previewMessage ? (
              <p role="alert" className="text-sm text-destructive">
                {previewMessage}
              </p>
            ) : null}
            {previewVariables.length > 0 ? (
              <div className="grid gap-3">
                <h3 className="text-sm font-medium">Try arguments</h3>
                <div className="grid gap-3 sm:grid-cols-2">
                  {previewVariables.map((row) => (
                    <FormField key={row.key} id={`component-arg-${row.key}`} label={<span className="font-mono">{row.name.trim()}</span>}>
                      <Input
                        autoComplete="off"
                        placeholder={row.defaultValue ? `Default: ${row.defaultValue}` : "No default"}
                        value={argValues[row.name.trim()] ?? ""}
                        onChange={(event) => setArgValues((current) => ({ ...current, [row.name.trim()]: event.target.value }))}
                      />
                    </FormField>
                  ))}
                </div>
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete component?"
        description={`“${component.name}” is removed from the library. Deleting is refused while an active template version uses it.`}
        confirmLabel="Delete component"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: component.id })}
      />
    </div>
  );
}
