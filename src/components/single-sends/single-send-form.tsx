"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { ParameterValueInput } from "@/components/segments/parameter-value-input";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError } from "@/components/ui/dialog-form-footer";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/error-state";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterInputs, type RouterOutputs } from "@/trpc/react";
import { ScheduleEditor, type ScheduleErrors, type ScheduleValues } from "./schedule-editor";
import {
  fieldMessages,
  fromDateTimeLocal,
  SINGLE_SEND_STATUS_OPTIONS,
  singleSendStatusLabel,
  toDateTimeLocal,
  type SingleSend,
  type SingleSendStatus,
} from "./single-send-format";

type FormOptions = RouterOutputs["singleSends"]["formOptions"];
type ScheduleInput = NonNullable<RouterInputs["singleSends"]["create"]["schedule"]>;

const NO_GROUP = "__none";
const FIELDS = [
  "name",
  "status",
  "campaignGroupId",
  "priority",
  "segmentId",
  "segmentParams",
  "templateId",
  "senderProfileId",
  "schedule.type",
  "schedule.at",
  "schedule.cron",
  "schedule.timezone",
] as const;
type Field = (typeof FIELDS)[number];

interface FormValues {
  name: string;
  status: SingleSendStatus;
  campaignGroupId: string;
  priority: string;
  segmentId: string;
  params: Record<string, string>;
  templateId: string;
  senderProfileId: string;
  schedule: ScheduleValues;
}

function toScheduleValues(send: SingleSend | null, defaultTimeZone: string): ScheduleValues {
  const schedule = send?.schedule ?? { type: "MANUAL" as const };
  return {
    type: schedule.type,
    onceAt: schedule.type === "ONCE" ? toDateTimeLocal(schedule.at) : "",
    cron: schedule.type === "CRON" ? schedule.cron : "",
    timezone: schedule.type === "CRON" ? schedule.timezone : defaultTimeZone,
  };
}

function toFormValues(send: SingleSend | null, defaultTimeZone: string, defaultGroupId: string | undefined): FormValues {
  return {
    name: send?.name ?? "",
    status: send?.status ?? "ACTIVE",
    campaignGroupId: send ? (send.campaignGroupId ?? NO_GROUP) : (defaultGroupId ?? NO_GROUP),
    priority: String(send?.priority ?? 100),
    segmentId: send?.segmentId ?? "",
    params: Object.fromEntries(Object.entries(send?.segmentParams ?? {}).map(([name, value]) => [name, String(value)])),
    templateId: send?.templateId ?? "",
    senderProfileId: send?.senderProfileId ?? "",
    schedule: toScheduleValues(send, defaultTimeZone),
  };
}

/** An empty number field is sent as NaN so the server answers "must be a number" instead of silently using 0. */
const toNumber = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

function toScheduleInput(values: ScheduleValues): ScheduleInput {
  switch (values.type) {
    case "MANUAL":
      return { type: "MANUAL" };
    case "ONCE":
      return { type: "ONCE", at: fromDateTimeLocal(values.onceAt) ?? values.onceAt };
    case "CRON":
      return { type: "CRON", cron: values.cron, timezone: values.timezone };
  }
}

const sameScheduleValues = (a: ScheduleValues, b: ScheduleValues) =>
  a.type === b.type &&
  (a.type === "MANUAL" || (a.type === "ONCE" && a.onceAt === b.onceAt) || (a.type === "CRON" && a.cron === b.cron && a.timezone === b.timezone));

function SingleSendFormBody({ send, options, defaultGroupId }: { send: SingleSend | null; options: FormOptions; defaultGroupId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [initial] = useState(() =>
    toFormValues(send, options.defaultTimeZone, options.campaignGroups.some((group) => group.id === defaultGroupId) ? defaultGroupId : undefined),
  );
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});

  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const segment = options.segments.find((option) => option.id === values.segmentId);
  const scheduleErrors: ScheduleErrors = {
    "schedule.type": errors["schedule.type"],
    "schedule.at": errors["schedule.at"],
    "schedule.cron": errors["schedule.cron"],
    "schedule.timezone": errors["schedule.timezone"],
  };
  const template = options.templates.find((option) => option.id === values.templateId);

  const onSuccess = async (saved: SingleSend) => {
    toast.success(send ? `Saved “${saved.name}”` : `Created “${saved.name}”`);
    await queryClient.invalidateQueries(trpc.singleSends.list.queryFilter());
    await queryClient.invalidateQueries(trpc.singleSends.get.queryFilter({ id: saved.id }));
    // Group, priority and status decide a group's members and counts.
    await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
    router.push(`/single-sends/${saved.id}`);
  };
  const onError = (error: unknown) => setErrors(fieldMessages(describeTrpcError(error).message, FIELDS));
  const create = useMutation(trpc.singleSends.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.singleSends.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    if (values.schedule.type === "ONCE" && !fromDateTimeLocal(values.schedule.onceAt)) {
      setErrors({ "schedule.at": "Choose the date and time to send at." });
      return;
    }
    const declared = new Set(segment?.parameters.map((parameter) => parameter.name));
    const input = {
      name: values.name,
      status: values.status,
      campaignGroupId: values.campaignGroupId === NO_GROUP ? null : values.campaignGroupId,
      priority: toNumber(values.priority),
      segmentId: values.segmentId,
      segmentParams: Object.fromEntries(Object.entries(values.params).filter(([name, value]) => value !== "" && declared.has(name))),
      templateId: values.templateId,
      senderProfileId: values.senderProfileId,
    };
    if (send) {
      // An unchanged schedule is left out, so a ONCE time that has already passed does not block other edits.
      const schedule = sameScheduleValues(values.schedule, initial.schedule) ? {} : { schedule: toScheduleInput(values.schedule) };
      update.mutate({ id: send.id, ...input, ...schedule });
    } else {
      create.mutate({ ...input, schedule: toScheduleInput(values.schedule) });
    }
  }

  let templateHint: ReactNode = "Runs freeze the template's active published version when they start.";
  if (template && template.activeVersion === null) {
    templateHint = (
      <span className="text-warning-foreground dark:text-warning">
        “{template.name}” has no published version yet; an ACTIVE send needs one.{" "}
        <Link href={`/templates/${template.id}`} className="underline underline-offset-4">
          Open the template
        </Link>{" "}
        to publish, or save this send as Draft.
      </span>
    );
  }

  const missing = (label: string, href: string, list: unknown[]) =>
    list.length === 0 ? (
      <>
        No {label} yet.{" "}
        <Link href={href} className="underline underline-offset-4">
          Create one first
        </Link>
        .
      </>
    ) : undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <PageHeader
        title={send ? `Edit “${send.name}”` : "New single send"}
        description="Who receives it (segment), what they get (template), who it is from (sender profile), and when it goes out."
        actions={
          <>
            <Button type="button" variant="outline" asChild>
              <Link href={send ? `/single-sends/${send.id}` : "/single-sends"}>Cancel</Link>
            </Button>
            <Button type="submit" pending={pending}>
              {send ? "Save" : "Create"}
            </Button>
          </>
        }
      />
      <FormError message={errors.form} />

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent className="grid max-w-3xl gap-5">
          <FormField id="single-send-name" label="Name" error={errors.name}>
            <Input autoComplete="off" value={values.name} onChange={(event) => set("name", event.target.value)} />
          </FormField>
          <div className="grid items-start gap-5 sm:grid-cols-3">
            <FormField id="single-send-status" label="Status" error={errors.status} hint="Only ACTIVE sends run on their schedule or can be triggered.">
              {(control) => (
                <Select value={values.status} onValueChange={(status) => set("status", status as SingleSendStatus)}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {SINGLE_SEND_STATUS_OPTIONS.map((status) => (
                      <SelectItem key={status} value={status}>
                        {singleSendStatusLabel[status]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField
              id="single-send-group"
              label="Campaign group"
              error={errors.campaignGroupId}
              hint="Sends in one group never reach a person twice within its window."
            >
              {(control) => (
                <Select value={values.campaignGroupId} onValueChange={(id) => set("campaignGroupId", id)}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={NO_GROUP}>No group</SelectItem>
                    {options.campaignGroups.map((group) => (
                      <SelectItem key={group.id} value={group.id}>
                        {group.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField id="single-send-priority" label="Priority" error={errors.priority} hint="Lower number wins a collision within the group.">
              <Input type="number" inputMode="numeric" min={0} step={1} value={values.priority} onChange={(event) => set("priority", event.target.value)} />
            </FormField>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Audience</CardTitle>
          <CardDescription>The segment is run when the send is triggered; its parameters are frozen into the run.</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-3xl gap-5">
          <FormField id="single-send-segment" label="Segment" error={errors.segmentId} hint={missing("segments", "/segments/new", options.segments)}>
            {(control) => (
              <Select value={values.segmentId} onValueChange={(id) => set("segmentId", id)}>
                <SelectTrigger {...control} className="max-w-md">
                  <SelectValue placeholder="Choose a segment" />
                </SelectTrigger>
                <SelectContent>
                  {options.segments.map((option) => (
                    <SelectItem key={option.id} value={option.id}>
                      {option.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          {segment && segment.parameters.length > 0 ? (
            <fieldset className="grid gap-3">
              <legend className="mb-1 text-sm font-medium">Segment parameters</legend>
              <div className="grid gap-4 sm:grid-cols-2">
                {segment.parameters.map((parameter) => {
                  const hasDefault = parameter.default !== undefined && parameter.default !== null && parameter.default !== "";
                  const defaultLabel = hasDefault ? `Default: ${String(parameter.default)}` : "Required";
                  return (
                    <div key={parameter.name} className="grid gap-2">
                      <Label htmlFor={`single-send-param-${parameter.name}`} className="font-mono">
                        :{parameter.name} <Badge variant="muted">{parameter.type}</Badge>
                      </Label>
                      <ParameterValueInput
                        id={`single-send-param-${parameter.name}`}
                        type={parameter.type}
                        value={values.params[parameter.name] ?? ""}
                        emptyLabel={defaultLabel}
                        placeholder={defaultLabel}
                        onChange={(value) => set("params", { ...values.params, [parameter.name]: value })}
                      />
                    </div>
                  );
                })}
              </div>
              {errors.segmentParams ? <p className="text-sm text-destructive">{errors.segmentParams}</p> : null}
            </fieldset>
          ) : errors.segmentParams ? (
            <p className="text-sm text-destructive">{errors.segmentParams}</p>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Content and sender</CardTitle>
        </CardHeader>
        <CardContent className="grid max-w-3xl items-start gap-5 sm:grid-cols-2">
          <FormField id="single-send-template" label="Template" error={errors.templateId} hint={missing("templates", "/templates", options.templates) ?? templateHint}>
            {(control) => (
              <Select value={values.templateId} onValueChange={(id) => set("templateId", id)}>
                <SelectTrigger {...control}>
                  <SelectValue placeholder="Choose a template" />
                </SelectTrigger>
                <SelectContent>
                  {options.templates.map((option) => (
                    <SelectItem key={option.id} value={option.id}>
                      {option.name}
                      <span className="text-muted-foreground">{option.activeVersion === null ? "(not published)" : `(v${option.activeVersion} published)`}</span>
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormField
            id="single-send-sender"
            label="Sender profile"
            error={errors.senderProfileId}
            hint={missing("sender profiles", "/sender-profiles", options.senderProfiles) ?? "The From address, reply-to and sending rate."}
          >
            {(control) => (
              <Select value={values.senderProfileId} onValueChange={(id) => set("senderProfileId", id)}>
                <SelectTrigger {...control}>
                  <SelectValue placeholder="Choose a sender profile" />
                </SelectTrigger>
                <SelectContent>
                  {options.senderProfiles.map((option) => (
                    <SelectItem key={option.id} value={option.id}>
                      {option.name}
                      <span className="text-muted-foreground">{option.fromEmail}</span>
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
          <CardTitle>Schedule</CardTitle>
          <CardDescription>Scheduled runs only happen while the send is ACTIVE.</CardDescription>
        </CardHeader>
        <CardContent className="max-w-3xl">
          <ScheduleEditor
            values={values.schedule}
            onChange={(schedule) => {
              set("schedule", schedule);
              setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith("schedule."))));
            }}
            errors={scheduleErrors}
            timeZones={options.timeZones}
          />
        </CardContent>
      </Card>
    </form>
  );
}

/**
 * Create (send null) or edit a single send; waits for the select options so the form starts complete. A new send
 * starts in `defaultGroupId` when that group exists (the group page's "New single send in this group").
 */
export function SingleSendForm({ send, defaultGroupId }: { send: SingleSend | null; defaultGroupId?: string }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.singleSends.formOptions.queryOptions());
  if (options.isPending) return <Skeleton className="h-[40rem] w-full" aria-label="Loading" />;
  if (options.isError) {
    return <ErrorState title="Could not load the form" error={options.error} onRetry={() => void options.refetch()} retrying={options.isFetching} />;
  }
  return <SingleSendFormBody send={send} options={options.data} defaultGroupId={defaultGroupId} />;
}

/** Loads a saved send into the form. */
export function SingleSendEditPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const send = useQuery(trpc.singleSends.get.queryOptions({ id }));
  if (send.isPending) return <Skeleton className="h-[40rem] w-full" aria-label="Loading" />;
  if (send.isError) {
    return <ErrorState title="Could not load the single send" error={send.error} onRetry={() => void send.refetch()} retrying={send.isFetching} />;
  }
  return <SingleSendForm key={send.data.id} send={send.data} />;
}
