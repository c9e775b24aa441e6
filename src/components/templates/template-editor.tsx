"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { CircleAlert, CopyPlus, Ellipsis, Pencil, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";
import type { BuilderDocument } from "@/server/domain/rendering/builder/document";
import { cn } from "@/lib/utils";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { BlockBuilder } from "./builder/block-builder";
import { EmailPreviewFrame } from "./email-preview-frame";
import { HelpersPopover } from "./helpers-popover";
import { InboxLine } from "./inbox-line";
import { MarkupEditor } from "./markup-editor";
import { PreviewDataPanel, type PreviewDataMode } from "./preview-data-panel";
import { parsePreviewData, rowAsPreviewData, withMissingVariables } from "./preview-data";
import { SendTemplateTestDialog, type SendTemplateTestTarget } from "./send-template-test-dialog";
import { TemplateDetailsDialog, type TemplateSummary } from "./template-details-dialog";
import { authoringModeLabel, categoryLabel, editorSource, editorValues, sameContent, versionLabel, type EditorValues } from "./template-form";
import { problemsFromDetails, sortProblems, type TemplateProblem } from "./template-problems";
import { useLivePreview, type PreviewRequest, type SegmentPreview } from "./use-live-preview";
import { VariablesList } from "./variables-list";
import { VersionsPanel, type VersionSummary } from "./versions-panel";

export type TemplateVersion = RouterOutputs["templates"]["getVersion"];

const SEGMENT_PREVIEW_ROWS = 20;
const DEFAULT_PREVIEW_JSON = JSON.stringify({ first_name: "Ada", email: "ada@example.com" }, null, 2);
const bodyFields = ["bodyMjml", "bodyHtml", "builderJson"] as const;
const NO_PROBLEMS: TemplateProblem[] = [];

function errorDetails(error: unknown): unknown {
  return isTRPCClientError<AppRouter>(error) ? error.data?.details : undefined;
}

/** Field errors from zod input validation or from the domain's own check (details.fieldErrors). */
function fieldErrorsOf(error: unknown): Record<string, string> {
  const fields = { ...describeTrpcError(error).fieldErrors };
  const details = errorDetails(error);
  if (typeof details === "object" && details !== null && "fieldErrors" in details) {
    const nested = (details as { fieldErrors: unknown }).fieldErrors;
    if (typeof nested === "object" && nested !== null) {
      for (const [field, messages] of Object.entries(nested)) {
        if (Array.isArray(messages) && messages.length > 0) fields[field] = messages.join(" ");
      }
    }
  }
  return fields;
}

interface Problems {
  title: string;
  items: TemplateProblem[];
}

function ProblemsList({ problems }: { problems: Problems }) {
  return (
    <div role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm" data-testid="template-problems">
      <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
      <div className="min-w-0 space-y-1">
        <p className="font-medium text-destructive">{problems.title}</p>
        <ul className="space-y-0.5">
          {sortProblems(problems.items).map((problem, index) => (
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

interface TemplateEditorProps {
  template: TemplateSummary;
  versions: VersionSummary[];
  version: TemplateVersion;
  onSelectVersion: (versionId: string) => void;
}

export function TemplateEditor({ template, versions, version, onSelectVersion }: TemplateEditorProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const bodyLabelId = useId();
  const bodyHintId = useId();
  const mode = version.authoringMode;
  const readOnly = version.status === "PUBLISHED";

  const [values, setValues] = useState<EditorValues>(() => editorValues(version));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [actionProblems, setActionProblems] = useState<Problems | null>(null);
  const [tab, setTab] = useState("editor");
  const [dataMode, setDataMode] = useState<PreviewDataMode>("json");
  const [jsonText, setJsonText] = useState(DEFAULT_PREVIEW_JSON);
  const [segmentId, setSegmentId] = useState("");
  const [rowIndex, setRowIndex] = useState(0);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [pendingSwitch, setPendingSwitch] = useState<string | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [testTarget, setTestTarget] = useState<SendTemplateTestTarget | null>(null);

  const components = useQuery(trpc.components.list.queryOptions());
  const senderProfiles = useQuery(trpc.senderProfiles.list.queryOptions());
  const dirty = !readOnly && !sameContent(mode, values, version);
  const parsedData = useMemo(() => parsePreviewData(jsonText), [jsonText]);
  const source = useMemo(() => editorSource(mode, values), [mode, values]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const [segmentCache, setSegmentCache] = useState<{ segmentId: string; result: SegmentPreview } | null>(null);
  const onSegmentRows = useCallback((result: SegmentPreview, id: string) => setSegmentCache({ segmentId: id, result }), []);
  const segmentRows = segmentCache?.segmentId === segmentId ? segmentCache.result : null;
  /** The chosen segment row's data once fetched: edits re-render with it instead of re-running the dry run. */
  const segmentRow = segmentRows?.rowIndex === rowIndex ? segmentRows : null;

  const previewRequest = useMemo((): PreviewRequest | null => {
    if (dataMode === "segment") {
      if (!segmentId) return null;
      if (!segmentRow) {
        const target = readOnly ? { id: template.id, versionId: version.id } : { source };
        return { kind: "segment", input: { ...target, segmentId, rowIndex, limit: SEGMENT_PREVIEW_ROWS } };
      }
    } else if (!parsedData.ok) {
      return null;
    }
    const data = segmentRow && dataMode === "segment" ? segmentRow.data : parsedData.ok ? parsedData.data : {};
    return readOnly ? { kind: "saved", input: { id: template.id, versionId: version.id, data } } : { kind: "source", input: { source, data } };
  }, [readOnly, template.id, version.id, source, dataMode, segmentId, rowIndex, segmentRow, parsedData]);
  const live = useLivePreview(previewRequest, onSegmentRows);
  const livePreview = live.result;
  const liveProblems = useMemo(() => (live.error ? problemsFromDetails(errorDetails(live.error)) : null), [live.error]);
  const problems = useMemo(
    (): Problems | null =>
      actionProblems ?? (liveProblems ? { title: readOnly ? "This version does not render" : "The preview does not compile", items: liveProblems } : null),
    [actionProblems, liveProblems, readOnly],
  );
  const previewErrorMessage = live.error && !liveProblems ? describeTrpcError(live.error).message : null;

  const set = <K extends keyof EditorValues>(field: K, value: EditorValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setActionProblems(null);
  };

  const invalidate = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.templates.list.queryFilter()),
      queryClient.invalidateQueries(trpc.templates.get.queryFilter({ id: template.id })),
      queryClient.invalidateQueries(trpc.templates.versions.queryFilter({ id: template.id })),
      queryClient.invalidateQueries(trpc.templates.getVersion.queryFilter()),
    ]);
  };

  /** Puts an error where it belongs: compile problems at their lines, field errors at their fields, else a toast. */
  const showError = (error: unknown, title: string) => {
    const items = problemsFromDetails(errorDetails(error));
    if (items) {
      setActionProblems({ title, items });
      setTab("editor");
      toast.error(title);
      return;
    }
    const fields = fieldErrorsOf(error);
    if (Object.keys(fields).length > 0) {
      setFieldErrors(fields);
      setTab("editor");
      toast.error(title);
      return;
    }
    toast.error(title, { description: describeTrpcError(error).message });
  };

  const saveDraft = useMutation(trpc.templates.updateDraft.mutationOptions());
  const publish = useMutation(trpc.templates.publish.mutationOptions());
  const duplicate = useMutation(
    trpc.templates.duplicateVersion.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Created draft v${created.version} from v${version.version}`);
        await invalidate();
        onSelectVersion(created.id);
      },
      onError: (error) => showError(error, "Could not create a new draft"),
    }),
  );
  const remove = useMutation(
    trpc.templates.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted template “${template.name}”`);
        setConfirmDelete(false);
        await queryClient.invalidateQueries(trpc.templates.list.queryFilter());
        router.push("/templates");
      },
      onError: (error) => {
        setConfirmDelete(false);
        toast.error(describeTrpcError(error).message);
      },
    }),
  );

  const saveInput = () => ({ id: template.id, versionId: version.id, ...source });

  async function onSave() {
    setFieldErrors({});
    setActionProblems(null);
    try {
      await saveDraft.mutateAsync(saveInput());
      toast.success(`Saved draft v${version.version}`);
      await invalidate();
    } catch (error) {
      showError(error, `Draft v${version.version} was not saved`);
    }
  }

  async function onPublish() {
    setFieldErrors({});
    setActionProblems(null);
    try {
      if (dirty) await saveDraft.mutateAsync(saveInput());
      await publish.mutateAsync({ id: template.id, versionId: version.id });
      setConfirmPublish(false);
      toast.success(readOnly ? `Version ${version.version} is active again` : `Published version ${version.version}`, {
        description: "Sends use it from now on.",
      });
      await invalidate();
    } catch (error) {
      setConfirmPublish(false);
      await invalidate();
      showError(error, `Version ${version.version} was not published`);
    }
  }

  function requestVersion(versionId: string) {
    if (versionId === version.id) return;
    if (dirty) setPendingSwitch(versionId);
    else onSelectVersion(versionId);
  }

  function openSendTest() {
    const data = dataMode === "segment" ? (segmentRow?.data ?? {}) : parsedData.ok ? parsedData.data : {};
    setTestTarget({ templateId: template.id, versionId: version.id, ...(readOnly ? {} : { source }), data });
  }

  const senderProfile = senderProfiles.data?.[0];
  const senderName = senderProfile ? senderProfile.fromName || senderProfile.fromEmail : "Your company";
  const publishing = publish.isPending || (saveDraft.isPending && confirmPublish);
  const bodyError = bodyFields.map((field) => fieldErrors[field]).find(Boolean);

  return (
    <div className="space-y-6">
      <PageHeader
        title={template.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs text-foreground">{template.key}</span>
            <Badge variant={template.category === "TRANSACTIONAL" ? "secondary" : "outline"}>{categoryLabel[template.category]}</Badge>
            <Badge variant="outline">{authoringModeLabel[mode]}</Badge>
          </span>
        }
        actions={
          <>
            <HelpersPopover />
            <Button type="button" variant="outline" onClick={openSendTest}>
              <Send aria-hidden /> Send test
            </Button>
            {readOnly ? (
              <>
                <Button type="button" variant="outline" pending={duplicate.isPending} onClick={() => duplicate.mutate({ id: template.id, versionId: version.id })}>
                  {duplicate.isPending ? null : <CopyPlus aria-hidden />}
                  New draft from this version
                </Button>
                {version.active ? null : (
                  <Button type="button" onClick={() => setConfirmPublish(true)}>
                    Make active
                  </Button>
                )}
              </>
            ) : (
              <>
                <Button type="button" variant="outline" pending={saveDraft.isPending && !confirmPublish} disabled={!dirty || publishing} onClick={() => void onSave()}>
                  Save draft
                </Button>
                <Button type="button" disabled={saveDraft.isPending} onClick={() => setConfirmPublish(true)}>
                  Publish
                </Button>
              </>
            )}
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button type="button" variant="ghost" size="icon" aria-label="Template actions">
                  <Ellipsis aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={() => setDetailsOpen(true)}>
                  <Pencil aria-hidden /> Edit details
                </DropdownMenuItem>
                <DropdownMenuSeparator />
                <DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
                  <Trash2 aria-hidden /> Delete template
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </>
        }
      />

      <div className="flex flex-wrap items-end gap-3">
        <FormField id="template-version" label="Version" className="w-72">
          {(control) => (
            <Select value={version.id} onValueChange={requestVersion}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {versions.map((item) => (
                  <SelectItem key={item.id} value={item.id}>
                    {versionLabel(item)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <div className="flex flex-wrap items-center gap-2 pb-2">
          {readOnly ? <Badge variant="secondary">Published</Badge> : <Badge variant="muted">Draft</Badge>}
          {version.active ? <Badge variant="success">Active</Badge> : null}
          {dirty ? <Badge variant="warning">Unsaved changes</Badge> : null}
          {readOnly ? (
            <span className="text-sm text-muted-foreground">Published versions are frozen; create a new draft from this version to change it.</span>
          ) : null}
        </div>
      </div>

      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="editor">Editor</TabsTrigger>
          <TabsTrigger value="versions">Versions</TabsTrigger>
        </TabsList>

        <TabsContent value="editor" className={cn("grid gap-6 pt-2", mode === "BUILDER" ? "2xl:grid-cols-2" : "xl:grid-cols-2")}>
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Content</CardTitle>
              <CardDescription>
                Variables are <code>{"{{name}}"}</code>, library components <code>{"{{> name}}"}</code>.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-5">
              <FormField id="template-subject" label="Subject" error={fieldErrors.subject}>
                <Input autoComplete="off" readOnly={readOnly} value={values.subject} onChange={(event) => set("subject", event.target.value)} />
              </FormField>
              <FormField id="template-preheader" label="Preheader" error={fieldErrors.preheader} hint="The grey line after the subject in most inboxes.">
                <Input autoComplete="off" readOnly={readOnly} value={values.preheader} onChange={(event) => set("preheader", event.target.value)} />
              </FormField>
              <div className="grid gap-2">
                <Label id={bodyLabelId} className={bodyError ? "text-destructive" : undefined}>
                  Body
                </Label>
                <p id={bodyHintId} className="text-sm text-muted-foreground">
                  {mode === "MJML" ? "MJML markup, compiled to responsive HTML." : null}
                  {mode === "HTML" ? "HTML; CSS in <style> is inlined when published." : null}
                  {mode === "BUILDER" ? "Sections and blocks; compiled to MJML, then HTML." : null}
                </p>
                {mode === "BUILDER" ? (
                  <BlockBuilder
                    value={values.builderJson as BuilderDocument}
                    onChange={(doc) => set("builderJson", doc)}
                    components={components.data ?? []}
                    disabled={readOnly}
                  />
                ) : (
                  <MarkupEditor
                    value={values.body}
                    onChange={(body) => set("body", body)}
                    language={mode}
                    labelledBy={bodyLabelId}
                    describedBy={bodyHintId}
                    problems={problems?.items ?? NO_PROBLEMS}
                    revealProblems={actionProblems !== null}
                    readOnly={readOnly}
                  />
                )}
                {bodyError ? <p className="text-sm text-destructive">{bodyError}</p> : null}
              </div>
              {problems ? <ProblemsList problems={problems} /> : null}
              <FormField
                id="template-body-text"
                label="Text part"
                error={fieldErrors.bodyText}
                hint="Optional. Left empty, the text part is generated from the HTML."
              >
                <Textarea
                  rows={4}
                  readOnly={readOnly}
                  className="max-h-64 font-mono text-xs"
                  value={values.bodyText}
                  onChange={(event) => set("bodyText", event.target.value)}
                />
              </FormField>
            </CardContent>
          </Card>

          <div className="grid min-w-0 content-start gap-6">
            <Card>
              <CardHeader>
                <CardTitle>Preview</CardTitle>
                <CardDescription>{readOnly ? "Rendered from the frozen version, as sends render it." : "Re-rendered as you type."}</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-3" data-testid="template-preview">
                <EmailPreviewFrame
                  title={`Preview of “${template.name}”`}
                  html={livePreview?.html ?? ""}
                  text={livePreview?.text ?? ""}
                  stale={live.pending}
                  header={<InboxLine senderName={senderName} subject={livePreview?.subject ?? ""} preheader={livePreview?.preheader ?? ""} />}
                />
                {previewErrorMessage ? (
                  <p role="alert" className="text-sm text-destructive">
                    {previewErrorMessage}
                  </p>
                ) : null}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Preview data</CardTitle>
                <CardDescription>The variables the preview and test emails render with.</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-5">
                <PreviewDataPanel
                  mode={dataMode}
                  onModeChange={setDataMode}
                  jsonText={jsonText}
                  onJsonTextChange={setJsonText}
                  jsonError={parsedData.ok ? null : parsedData.error}
                  segmentId={segmentId}
                  onSegmentChange={(id) => {
                    setSegmentId(id);
                    setRowIndex(0);
                  }}
                  rowIndex={rowIndex}
                  onRowIndexChange={setRowIndex}
                  segmentRows={segmentRows}
                  onUseRowAsJson={
                    segmentRow
                      ? () => {
                          setJsonText(JSON.stringify(rowAsPreviewData(segmentRow.data), null, 2));
                          setDataMode("json");
                        }
                      : undefined
                  }
                />
                {livePreview ? (
                  <div className="grid gap-2">
                    <h3 className="text-sm font-medium">Variables</h3>
                    <VariablesList
                      variables={livePreview.variables}
                      missing={livePreview.missingVariables}
                      onAddMissing={
                        dataMode === "json" && parsedData.ok ? () => setJsonText(withMissingVariables(parsedData.data, livePreview.missingVariables)) : undefined
                      }
                    />
                  </div>
                ) : null}
              </CardContent>
            </Card>
          </div>
        </TabsContent>

        <TabsContent value="versions" className="pt-2">
          <VersionsPanel templateId={template.id} versions={versions} currentVersionId={version.id} onOpenVersion={requestVersion} />
        </TabsContent>
      </Tabs>

      <ConfirmDialog
        open={confirmPublish}
        onOpenChange={setConfirmPublish}
        destructive={false}
        title={readOnly ? `Make version ${version.version} active?` : `Publish version ${version.version}?`}
        description={
          readOnly
            ? `Sends use version ${version.version} again from now on, exactly as it was published.`
            : `Publishing freezes version ${version.version} and makes it the active version.${dirty ? " Your unsaved changes are saved first." : ""} Later edits go into a new draft.`
        }
        confirmLabel={readOnly ? "Make active" : "Publish"}
        pending={publishing}
        onConfirm={() => void onPublish()}
      />
      <ConfirmDialog
        open={pendingSwitch !== null}
        onOpenChange={(open) => (open ? undefined : setPendingSwitch(null))}
        title="Discard unsaved changes?"
        description={`Your changes to draft v${version.version} are not saved. Opening another version discards them.`}
        confirmLabel="Discard changes"
        onConfirm={() => {
          const next = pendingSwitch;
          setPendingSwitch(null);
          if (next) onSelectVersion(next);
        }}
      />
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete template?"
        description={`“${template.name}” and all its versions are removed for good. Templates used by single sends cannot be deleted.`}
        confirmLabel="Delete template"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: template.id })}
      />
      <TemplateDetailsDialog template={template} open={detailsOpen} onOpenChange={setDetailsOpen} />
      <SendTemplateTestDialog target={testTarget} onOpenChange={(open) => (open ? undefined : setTestTarget(null))} />
    </div>
  );
}
