"use client";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import type { RouterOutputs } from "@/trpc/react";
import { foldUnchanged } from "./diff-folds";

export type VersionDiff = RouterOutputs["templates"]["diff"];
type FieldDiff = VersionDiff["subject"];

const marker = { added: "+", removed: "-", unchanged: " " } as const;

function FieldDiffView({ title, diff }: { title: string; diff: FieldDiff }) {
  return (
    <section className="space-y-2" aria-label={`${title} changes`}>
      <h3 className="flex items-center gap-2 text-sm font-medium">
        {title} {diff.changed ? <Badge variant="warning">Changed</Badge> : <Badge variant="muted">Unchanged</Badge>}
      </h3>
      {diff.changed ? (
        <div className="max-h-[32rem] overflow-auto rounded-md border font-mono text-xs">
          <table className="w-full border-collapse">
            <tbody>
              {foldUnchanged(diff.lines).map((row, index) =>
                row.kind === "fold" ? (
                  <tr key={index} className="bg-muted/50 text-muted-foreground">
                    <td colSpan={4} className="px-2 py-0.5 text-center">
                      {row.count} unchanged line{row.count === 1 ? "" : "s"}
                    </td>
                  </tr>
                ) : (
                  <tr
                    key={index}
                    data-diff={row.line.type}
                    className={cn(
                      row.line.type === "added" && "bg-success/10 text-success",
                      row.line.type === "removed" && "bg-destructive/10 text-destructive",
                    )}
                  >
                    <td className="w-10 px-2 text-right text-muted-foreground tabular-nums select-none">{row.line.oldLine ?? ""}</td>
                    <td className="w-10 px-2 text-right text-muted-foreground tabular-nums select-none">{row.line.newLine ?? ""}</td>
                    <td className="w-4 select-none" aria-hidden>
                      {marker[row.line.type]}
                    </td>
                    <td className="pr-2 break-all whitespace-pre-wrap">
                      <span className="sr-only">{row.line.type === "unchanged" ? "" : `${row.line.type}: `}</span>
                      {row.line.text}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** What changed between two versions: subject, preheader, body and text part as coloured line diffs. */
export function VersionDiffView({ diff }: { diff: VersionDiff }) {
  const nothing = !diff.authoringMode.changed && !diff.subject.changed && !diff.preheader.changed && !diff.body.changed && !diff.bodyText.changed;
  return (
    <div className="grid gap-5" data-testid="version-diff">
      {nothing ? <p className="text-sm text-muted-foreground">The two versions have the same content.</p> : null}
      {diff.authoringMode.changed ? (
        <p className="text-sm">
          Authoring mode changed from <Badge variant="outline">{diff.authoringMode.from}</Badge> to <Badge variant="outline">{diff.authoringMode.to}</Badge>
        </p>
      ) : null}
      <FieldDiffView title="Subject" diff={diff.subject} />
      <FieldDiffView title="Preheader" diff={diff.preheader} />
      <FieldDiffView title="Body" diff={diff.body} />
      <FieldDiffView title="Text part" diff={diff.bodyText} />
    </div>
  );
}
