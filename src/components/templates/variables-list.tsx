"use client";

import { Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

interface VariablesListProps {
  variables: readonly string[];
  missing: readonly string[];
  /** Adds placeholders for the missing variables to the preview data; absent when the data is not hand-written. */
  onAddMissing?: () => void;
}

/** The variables the content reads; those the preview data lacks are highlighted (they render empty). */
export function VariablesList({ variables, missing, onAddMissing }: VariablesListProps) {
  const missingSet = new Set(missing);
  if (variables.length === 0) return <p className="text-sm text-muted-foreground">The content uses no variables.</p>;
  return (
    <div className="grid gap-2" data-testid="template-variables">
      <ul className="flex flex-wrap gap-1.5" aria-label="Variables used">
        {variables.map((name) => (
          <li key={name}>
            <Badge variant={missingSet.has(name) ? "warning" : "outline"} className="font-mono" data-missing={missingSet.has(name) || undefined}>
              {name}
              {missingSet.has(name) ? <span className="sr-only"> (missing)</span> : null}
            </Badge>
          </li>
        ))}
      </ul>
      {missing.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <span role="status">
            Missing from the preview data: <span className="font-mono text-foreground">{missing.join(", ")}</span> (rendered empty).
          </span>
          {onAddMissing ? (
            <Button type="button" variant="outline" size="sm" onClick={onAddMissing}>
              <Plus aria-hidden /> Add sample values
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
