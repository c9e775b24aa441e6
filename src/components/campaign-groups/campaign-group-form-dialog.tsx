"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { CollisionPolicy } from "@/server/domain/campaign-groups/campaign-groups";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import {
  COLLISION_POLICIES,
  inputToWindow,
  policyExplanation,
  policyLabel,
  WINDOW_UNITS,
  windowToInput,
  windowUnitLabel,
  type WindowUnit,
} from "./campaign-group-form";

export type CampaignGroup = RouterOutputs["campaignGroups"]["get"];

interface FormValues {
  name: string;
  description: string;
  windowValue: string;
  windowUnit: WindowUnit;
  collisionPolicy: CollisionPolicy;
}

function toValues(group: CampaignGroup | null): FormValues {
  const window = windowToInput(group?.collisionWindow ?? 86_400);
  return {
    name: group?.name ?? "",
    description: group?.description ?? "",
    windowValue: window.value,
    windowUnit: window.unit,
    collisionPolicy: group?.collisionPolicy ?? "HIGHEST_PRIORITY_WINS",
  };
}

const FIELDS = ["name", "description", "collisionWindow", "collisionPolicy"];

function CampaignGroupForm({ group, onDone }: { group: CampaignGroup | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() => toValues(group));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((current) => ({ ...current, [field]: value }));

  const onSuccess = async (saved: CampaignGroup) => {
    toast.success(group ? `Saved campaign group “${saved.name}”` : `Created campaign group “${saved.name}”`);
    onDone();
    await queryClient.invalidateQueries(trpc.campaignGroups.pathFilter());
    if (!group) router.push(`/campaign-groups/${saved.id}`);
  };
  const onError = (error: unknown) => {
    const info = describeTrpcError(error);
    if (info.code === "CONFLICT") {
      setFieldErrors({ name: info.message });
      setFormError(null);
      return;
    }
    const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([field]) => FIELDS.includes(field)));
    setFieldErrors(fields);
    setFormError(Object.keys(fields).length > 0 ? null : info.message);
  };
  const create = useMutation(trpc.campaignGroups.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.campaignGroups.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const input = {
      name: values.name,
      description: values.description,
      collisionWindow: inputToWindow({ value: values.windowValue, unit: values.windowUnit }),
      collisionPolicy: values.collisionPolicy,
    };
    if (group) update.mutate({ id: group.id, ...input });
    else create.mutate(input);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="campaign-group-name" label="Name" error={fieldErrors.name}>
        <Input autoComplete="off" value={values.name} onChange={(event) => set("name", event.target.value)} />
      </FormField>
      <FormField id="campaign-group-description" label="Description" error={fieldErrors.description} hint="Optional; what ties these campaigns together.">
        <Textarea rows={2} value={values.description} onChange={(event) => set("description", event.target.value)} />
      </FormField>
      <FormField
        id="campaign-group-window"
        label="Collision window"
        error={fieldErrors.collisionWindow}
        hint="A person gets at most one email of the group per window (1 minute to 365 days)."
      >
        {(control) => (
          <div className="flex gap-2">
            <Input
              {...control}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              className="w-32"
              value={values.windowValue}
              onChange={(event) => set("windowValue", event.target.value)}
            />
            <Select value={values.windowUnit} onValueChange={(unit) => set("windowUnit", unit as WindowUnit)}>
              <SelectTrigger className="w-32" aria-label="Window unit">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {WINDOW_UNITS.map((unit) => (
                  <SelectItem key={unit} value={unit}>
                    {windowUnitLabel[unit]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        )}
      </FormField>
      <FormField id="campaign-group-policy" label="Collision policy" error={fieldErrors.collisionPolicy} hint={policyExplanation[values.collisionPolicy]}>
        {(control) => (
          <Select value={values.collisionPolicy} onValueChange={(policy) => set("collisionPolicy", policy as CollisionPolicy)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {COLLISION_POLICIES.map((policy) => (
                <SelectItem key={policy} value={policy}>
                  {policyLabel[policy]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormError message={formError} />
      <DialogFormFooter pending={pending} submitLabel={group ? "Save" : "Create group"} />
    </form>
  );
}

/** Create (group null) or edit a campaign group; the form remounts on every open so it starts from fresh values. */
export function CampaignGroupFormDialog({
  open,
  onOpenChange,
  group,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  group: CampaignGroup | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{group ? `Edit “${group.name}”` : "New campaign group"}</DialogTitle>
          <DialogDescription>
            Related single sends share a collision window and policy, so nobody gets several of their emails at once.
          </DialogDescription>
        </DialogHeader>
        {open ? <CampaignGroupForm key={group?.id ?? "new"} group={group} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
