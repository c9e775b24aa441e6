"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { formatDateTime } from "@/lib/format";
import type { RouterOutputs } from "@/trpc/react";

export type DeadLetterJob = RouterOutputs["deadLetter"]["list"]["jobs"][number];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

function Block({ title, children }: { title: string; children: string }) {
  return (
    <section className="flex min-w-0 flex-col gap-2" aria-label={title}>
      <h3 className="text-sm font-medium">{title}</h3>
      <pre className="max-h-[40vh] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">
        {children}
      </pre>
    </section>
  );
}

export function DeadLetterJobDialog({
  job,
  onOpenChange,
  onRedrive,
}: {
  job: DeadLetterJob | null;
  onOpenChange: (open: boolean) => void;
  onRedrive: (job: DeadLetterJob) => void;
}) {
  return (
    <Dialog open={job !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-3xl">
        {job ? (
          <>
            <DialogHeader>
              <DialogTitle className="font-mono text-base">{job.name}</DialogTitle>
              <DialogDescription>
                Failed for good on the {job.originalQueue} queue on {formatDateTime(job.failedAt)} after {job.attemptsMade}{" "}
                {job.attemptsMade === 1 ? "attempt" : "attempts"}.
              </DialogDescription>
            </DialogHeader>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
              <Fact label="Failed at">
                <time dateTime={job.failedAt.toISOString()}>{job.failedAt.toISOString()}</time>
              </Fact>
              <Fact label="Queue">
                <code className="font-mono text-xs">{job.originalQueue}</code>
              </Fact>
              <Fact label="Original job id">
                <code className="font-mono text-xs" title={job.originalJobId}>
                  {job.originalJobId || "—"}
                </code>
              </Fact>
              <Fact label="Dead-letter id">
                <code className="font-mono text-xs" title={job.id}>
                  {job.id}
                </code>
              </Fact>
            </dl>
            <Block title="Failure reason">{job.failedReason || "No reason recorded"}</Block>
            <Block title="Payload">{JSON.stringify(job.data, null, 2) ?? "No payload"}</Block>
            <DialogFooter>
              <Button onClick={() => onRedrive(job)}>Re-drive</Button>
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
