"use client";

import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { formatDateTime } from "@/lib/format";
import type { RouterOutputs } from "@/trpc/react";
import { changedFields, entityLabel, formatSnapshot } from "./audit-log-format";

export type AuditEntry = RouterOutputs["auditLog"]["list"]["items"][number];

const actorTypeLabel: Record<AuditEntry["actorType"], string> = { user: "User", api_key: "API key", system: "System" };

function Snapshot({ title, value }: { title: string; value: unknown }) {
  const text = formatSnapshot(value);
  return (
    <section className="flex min-w-0 flex-col gap-2" aria-label={title}>
      <h3 className="text-sm font-medium">{title}</h3>
      {text === null ? (
        <p className="rounded-md border border-dashed px-3 py-6 text-center text-sm text-muted-foreground">Nothing recorded</p>
      ) : (
        <pre className="max-h-[50vh] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed">{text}</pre>
      )}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

export function AuditEntryDialog({ entry, onOpenChange }: { entry: AuditEntry | null; onOpenChange: (open: boolean) => void }) {
  const changed = entry ? changedFields(entry.before, entry.after) : [];
  return (
    <Dialog open={entry !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-4xl">
        {entry ? (
          <>
            <DialogHeader>
              <DialogTitle className="font-mono text-base">{entry.action}</DialogTitle>
              <DialogDescription>
                {entityLabel(entry.entityType)} changed by {entry.actorLabel} on {formatDateTime(entry.createdAt)}.
              </DialogDescription>
            </DialogHeader>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
              <Fact label="When">
                <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toISOString()}</time>
              </Fact>
              <Fact label="Who">
                <span className="flex items-center gap-2">
                  <Badge variant="muted">{actorTypeLabel[entry.actorType]}</Badge>
                  <span className="truncate" title={entry.actorLabel}>
                    {entry.actorLabel}
                  </span>
                </span>
              </Fact>
              <Fact label="Entity">{entityLabel(entry.entityType)}</Fact>
              <Fact label="Entity id">
                <code className="font-mono text-xs" title={entry.entityId ?? undefined}>
                  {entry.entityId ?? "—"}
                </code>
              </Fact>
            </dl>
            {changed.length > 0 ? (
              <p className="text-sm text-muted-foreground">
                Changed: <span className="font-mono text-foreground">{changed.join(", ")}</span>
              </p>
            ) : null}
            <div className="grid gap-4 md:grid-cols-2">
              <Snapshot title="Before" value={entry.before} />
              <Snapshot title="After" value={entry.after} />
            </div>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
