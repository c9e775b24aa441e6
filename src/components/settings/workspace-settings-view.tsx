"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { useCurrentUser } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { Timestamp } from "@/components/ui/timestamp";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type WorkspaceSettings = RouterOutputs["settings"]["get"];

const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

function SettingsForm({ settings, readOnly }: { settings: WorkspaceSettings; readOnly: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [organizationName, setOrganizationName] = useState(settings.organizationName);
  const [postalAddress, setPostalAddress] = useState(settings.postalAddress);
  const [defaultTimezone, setDefaultTimezone] = useState(settings.defaultTimezone);
  const [maskPiiForMembers, setMaskPiiForMembers] = useState(settings.maskPiiForMembers);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Workspace settings saved");
        await queryClient.invalidateQueries(trpc.settings.get.queryFilter());
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        setFieldErrors(info.fieldErrors);
        setFormError(Object.keys(info.fieldErrors).length > 0 ? null : info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    update.mutate({ organizationName, postalAddress, defaultTimezone, maskPiiForMembers });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Card>
        <CardHeader>
          <CardTitle>Workspace</CardTitle>
          <CardDescription>
            {readOnly ? (
              <span className="inline-flex items-center gap-1.5">
                <Lock className="size-3.5" aria-hidden />
                Only admins can change these settings.
              </span>
            ) : (
              "Shown in email footers and used as defaults across EmailOps."
            )}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-2xl gap-5">
          <FormField id="workspace-organization-name" label="Organization name" error={fieldErrors.organizationName}>
            <Input autoComplete="organization" value={organizationName} readOnly={readOnly} onChange={(event) => setOrganizationName(event.target.value)} />
          </FormField>
          <FormField
            id="workspace-postal-address"
            label="Postal address"
            error={fieldErrors.postalAddress}
            hint="Anti-spam laws (CAN-SPAM, CASL) require a physical address in marketing emails."
          >
            <Textarea rows={3} value={postalAddress} readOnly={readOnly} onChange={(event) => setPostalAddress(event.target.value)} />
          </FormField>
          <FormField
            id="workspace-default-timezone"
            label="Default timezone"
            error={fieldErrors.defaultTimezone}
            hint="An IANA time zone such as Europe/Paris; used for schedules and daily reports."
          >
            <Input list="workspace-timezones" autoComplete="off" value={defaultTimezone} readOnly={readOnly} onChange={(event) => setDefaultTimezone(event.target.value)} />
          </FormField>
          <datalist id="workspace-timezones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <div className="flex items-start justify-between gap-4 rounded-lg border p-4">
            <div className="space-y-1">
              <label htmlFor="workspace-mask-pii" className="text-sm font-medium">
                Mask personal data for members
              </label>
              <p id="workspace-mask-pii-hint" className="text-sm text-muted-foreground">
                Members see emails in segment previews masked; admins see them in full.
              </p>
              {fieldErrors.maskPiiForMembers ? <p className="text-sm text-destructive">{fieldErrors.maskPiiForMembers}</p> : null}
            </div>
            <Switch
              id="workspace-mask-pii"
              aria-describedby="workspace-mask-pii-hint"
              checked={maskPiiForMembers}
              disabled={readOnly}
              onCheckedChange={setMaskPiiForMembers}
            />
          </div>
          {formError ? (
            <p role="alert" className="text-sm text-destructive">
              {formError}
            </p>
          ) : null}
        </CardContent>
        <CardFooter className="justify-between gap-4 border-t">
          <p className="text-sm text-muted-foreground">
            Last saved: <Timestamp date={settings.updatedAt} empty="never" />
          </p>
          {readOnly ? null : (
            <Button type="submit" pending={update.isPending}>
              Save
            </Button>
          )}
        </CardFooter>
      </Card>
    </form>
  );
}

export function WorkspaceSettingsView() {
  const trpc = useTRPC();
  const readOnly = useCurrentUser().role !== "admin";
  const settings = useQuery(trpc.settings.get.queryOptions());

  let body: ReactNode;
  if (settings.isPending) {
    body = <Skeleton className="h-96 w-full max-w-3xl" aria-label="Loading" />;
  } else if (settings.isError) {
    body = <ErrorState title="Could not load workspace settings" error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />;
  } else {
    body = <SettingsForm key={settings.data.updatedAt?.toISOString() ?? "defaults"} settings={settings.data} readOnly={readOnly} />;
  }

  return (
    <div className="space-y-6">
      <PageHeader title="Workspace" description="Organization details and defaults for everyone in this EmailOps workspace." />
      {body}
    </div>
  );
}
