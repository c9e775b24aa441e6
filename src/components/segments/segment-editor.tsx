"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { CircleAlert, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
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
import { Textarea } from "@/components/ui/textarea";
import { Timestamp } from "@/components/ui/timestamp";
import type { AppRouter } from "@/server/api/root";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { ParameterValueInput } from "./parameter-value-input";
import { ParametersEditor } from "./parameters-editor";
import { PreviewResults, type PreviewResult } from "./preview-results";
import {
  emptySegmentForm,
  previewableParameters,
  sameQueryAsSaved,
  toFormValues,
  toParameterInputs,
  toPreviewParams,
  type SegmentFormValues,
} from "./segment-form";
import { SqlEditor } from "./sql-editor";
import { errorPosition, sqlErrorRange, type TextRange } from "./sql-error-range";

export type Segment = RouterOutputs["segments"]["get"];

const PREVIEW_LIMIT = 100;
const engineLabel = { POSTGRES: "PostgreSQL", BIGQUERY: "BigQuery" } as const;
const formFields = ["name", "description", "dataConnectorId", "sqlQuery", "parameters"] as const;
type FieldName = (typeof formFields)[number];
const isFormField = (value: string): value is FieldName => (formFields as readonly string[]).includes(value);

interface SqlProblem {
  title: string;
  message: string;
  range: TextRange | null;
}

function errorDetails(error: unknown): unknown {
  return isTRPCClientError<AppRouter>(error) ? error.data?.details : undefined;
}

export function SegmentEditor({ segment }: { segment: Segment | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const sqlLabelId = useId();
  const sqlHintId = useId();
  const connectors = useQuery(trpc.segments.connectorOptions.queryOptions());
  const [values, setValues] = useState<SegmentFormValues>(() => (segment ? toFormValues(segment) : emptySegmentForm()));
  const [previewValues, setPreviewValues] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sqlProblem, setSqlProblem] = useState<SqlProblem | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const set = <K extends keyof SegmentFormValues>(field: K, value: SegmentFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const selectedConnector = connectors.data?.find((connector) => connector.id === values.dataConnectorId);
  const engine = selectedConnector?.type ?? segment?.dataConnectorType ?? "POSTGRES";

  const clearErrors = () => {
    setFieldErrors({});
    setFormError(null);
    setSqlProblem(null);
  };

  /** Puts an error where it belongs: a field, the SQL box (with the governor's position underlined) or the form. */
  const showError = (error: unknown, title: string, sqlQuery: string) => {
    const info = describeTrpcError(error);
    const position = errorPosition(errorDetails(error));
    if (position !== null) {
      setSqlProblem({ title, message: info.message, range: sqlErrorRange(sqlQuery, position) });
      return;
    }
    if (info.code === "CONFLICT") {
      setFieldErrors({ name: info.message });
      return;
    }
    const zodFields = Object.entries(info.fieldErrors).filter(([field]) => isFormField(field));
    if (zodFields.length > 0) {
      setFieldErrors(Object.fromEntries(zodFields));
      return;
    }
    const prefixed = /^(\w+): (.*)$/s.exec(info.message);
    if (prefixed?.[1] && isFormField(prefixed[1]) && prefixed[1] !== "sqlQuery") {
      setFieldErrors({ [prefixed[1]]: prefixed[2] ?? info.message });
      return;
    }
    if (info.code === "BAD_REQUEST" || info.code === "UNPROCESSABLE_CONTENT" || info.code === "NOT_FOUND") {
      setSqlProblem({ title, message: info.message, range: null });
      return;
    }
    setFormError(info.message);
  };

  const invalidate = async (id?: string) => {
    await queryClient.invalidateQueries(trpc.segments.list.queryFilter());
    if (id) await queryClient.invalidateQueries(trpc.segments.get.queryFilter({ id }));
  };

  const create = useMutation(
    trpc.segments.create.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Created segment “${created.name}”`);
        await invalidate();
        router.push(`/segments/${created.id}`);
      },
      onError: (error, input) => showError(error, "The segment cannot be saved", input.sqlQuery),
    }),
  );
  const update = useMutation(
    trpc.segments.update.mutationOptions({
      onSuccess: async (updated) => {
        toast.success(`Saved segment “${updated.name}”`);
        await invalidate(updated.id);
      },
      onError: (error, input) => showError(error, "The segment cannot be saved", input.sqlQuery ?? values.sqlQuery),
    }),
  );
  const onPreviewSuccess = (data: PreviewResult) => {
    setResult(data);
    setSqlProblem(null);
  };
  const preview = useMutation(
    trpc.segments.preview.mutationOptions({
      onSuccess: onPreviewSuccess,
      onError: (error, input) => {
        setResult(null);
        showError(error, "Preview failed", input.sqlQuery);
      },
    }),
  );
  const dryRun = useMutation(
    trpc.segments.dryRun.mutationOptions({
      onSuccess: async (data, input) => {
        onPreviewSuccess(data);
        await invalidate(input.id);
      },
      onError: (error) => {
        setResult(null);
        showError(error, "Preview failed", values.sqlQuery);
      },
    }),
  );
  const remove = useMutation(
    trpc.segments.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted segment “${segment?.name ?? ""}”`);
        setConfirmDelete(false);
        await invalidate();
        router.push("/segments");
      },
      onError: (error) => {
        setConfirmDelete(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );
  const saving = create.isPending || update.isPending;
  const running = preview.isPending || dryRun.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    clearErrors();
    const input = {
      name: values.name,
      description: values.description,
      dataConnectorId: values.dataConnectorId,
      sqlQuery: values.sqlQuery,
      parameters: toParameterInputs(values.parameters),
    };
    if (segment) update.mutate({ id: segment.id, ...input });
    else create.mutate(input);
  }

  function runPreview() {
    clearErrors();
    const params = toPreviewParams(values.parameters, previewValues);
    // The saved query's own dry run also records its count for the segments list.
    if (segment && sameQueryAsSaved(values, segment)) {
      dryRun.mutate({ id: segment.id, params, limit: PREVIEW_LIMIT });
      return;
    }
    preview.mutate({
      dataConnectorId: values.dataConnectorId,
      sqlQuery: values.sqlQuery,
      parameters: toParameterInputs(values.parameters),
      params,
      limit: PREVIEW_LIMIT,
    });
  }

  let connectorHint: ReactNode = selectedConnector ? `${engineLabel[selectedConnector.type]} — the SQL is checked and run in this dialect.` : "Where the SQL runs.";
  if (connectors.isSuccess && connectors.data.length === 0) {
    connectorHint = (
      <>
        No data connectors yet; an admin adds them under{" "}
        <Link href="/data-connectors" className="underline underline-offset-4">
          Data connectors
        </Link>
        .
      </>
    );
  }

  const previewParameters = previewableParameters(values.parameters);

  return (
    <form id="segment-form" onSubmit={onSubmit} noValidate className="space-y-6">
      <PageHeader
        title={segment ? segment.name : "New segment"}
        description={
          segment ? (
            <>
              Last edited <Timestamp date={segment.updatedAt} relative />
              {segment.lastDryRunAt ? (
                <>
                  {" · "}last dry run {segment.lastDryRunCount?.toLocaleString("en") ?? "—"} rows, <Timestamp date={segment.lastDryRunAt} relative />
                </>
              ) : null}
            </>
          ) : (
            "An audience written as SQL against your own data. It must return subject_id and email; every other column becomes a template variable."
          )
        }
        actions={
          <>
            {segment ? (
              <Button type="button" variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            ) : null}
            <Button type="submit" pending={saving}>
              Save
            </Button>
          </>
        }
      />
      {formError ? (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent className="grid max-w-3xl gap-5">
          <FormField id="segment-name" label="Name" error={fieldErrors.name}>
            <Input autoComplete="off" value={values.name} onChange={(event) => set("name", event.target.value)} />
          </FormField>
          <FormField id="segment-description" label="Description" error={fieldErrors.description} hint="Optional: who this audience is and why.">
            <Textarea rows={2} value={values.description} onChange={(event) => set("description", event.target.value)} />
          </FormField>
          <FormField id="segment-data-connector" label="Data connector" error={fieldErrors.dataConnectorId} hint={connectorHint}>
            {(control) => (
              <Select value={values.dataConnectorId} onValueChange={(id) => set("dataConnectorId", id)}>
                <SelectTrigger {...control} className="max-w-md">
                  <SelectValue placeholder={connectors.isPending ? "Loading…" : "Choose a data connector"} />
                </SelectTrigger>
                <SelectContent>
                  {(connectors.data ?? []).map((connector) => (
                    <SelectItem key={connector.id} value={connector.id}>
                      {connector.name} <span className="text-muted-foreground">({engineLabel[connector.type]})</span>
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <Label id={sqlLabelId} className="text-base">
              SQL
            </Label>
          </CardTitle>
          <CardDescription id={sqlHintId}>
            One read-only SELECT (or WITH) statement in {engineLabel[engine]} SQL. Return the columns <code>subject_id</code> and <code>email</code>; use
            declared parameters as <code>:name</code>.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <SqlEditor
            value={values.sqlQuery}
            onChange={(sqlQuery) => set("sqlQuery", sqlQuery)}
            engine={engine}
            labelledBy={sqlLabelId}
            describedBy={sqlHintId}
            errorRange={sqlProblem?.range ?? null}
          />
          {fieldErrors.sqlQuery ? <p className="text-sm text-destructive">{fieldErrors.sqlQuery}</p> : null}
          {sqlProblem ? (
            <div role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm" data-testid="segment-sql-problem">
              <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
              <div className="min-w-0 space-y-1">
                <p className="font-medium text-destructive">{sqlProblem.title}</p>
                <p className="break-words whitespace-pre-wrap">{sqlProblem.message}</p>
              </div>
            </div>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Parameters</CardTitle>
          <CardDescription>Values are bound as real query parameters, never pasted into the SQL text.</CardDescription>
        </CardHeader>
        <CardContent>
          <ParametersEditor rows={values.parameters} onChange={(rows) => set("parameters", rows)} error={fieldErrors.parameters} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Preview</CardTitle>
          <CardDescription>Runs the current SQL (saved or not) with a limit of {PREVIEW_LIMIT} rows and counts everyone it selects.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          {previewParameters.length > 0 ? (
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {previewParameters.map((row) => (
                <div key={row.key} className="grid gap-2">
                  <Label htmlFor={`segment-preview-${row.key}`} className="font-mono">
                    :{row.name.trim()} <Badge variant="muted">{row.type}</Badge>
                  </Label>
                  <ParameterValueInput
                    id={`segment-preview-${row.key}`}
                    type={row.type}
                    value={previewValues[row.key] ?? ""}
                    emptyLabel={row.default === "" ? "No value" : `Default: ${row.default}`}
                    placeholder={row.default === "" ? undefined : `Default: ${row.default}`}
                    onChange={(value) => setPreviewValues((current) => ({ ...current, [row.key]: value }))}
                  />
                </div>
              ))}
            </div>
          ) : null}
          <div>
            <Button type="button" variant="secondary" pending={running} onClick={runPreview}>
              {running ? null : <Play aria-hidden />}
              Run preview
            </Button>
          </div>
          {result ? <PreviewResults result={result} /> : null}
        </CardContent>
      </Card>

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete segment?"
        description={`“${segment?.name ?? ""}” is removed for good. Segments still used by single sends cannot be deleted.`}
        confirmLabel="Delete segment"
        pending={remove.isPending}
        onConfirm={() => segment && remove.mutate({ id: segment.id })}
      />
    </form>
  );
}
