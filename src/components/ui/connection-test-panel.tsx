import type { ReactNode } from "react";
import { CircleCheck, CircleX, TriangleAlert } from "lucide-react";

interface ConnectionTestPanelProps {
  ok: boolean;
  /** First line: what happened, e.g. "Connected in 12 ms". */
  heading: string;
  /** Further lines under the heading (server version, provider details, the error). */
  children?: ReactNode;
  warnings: string[];
}

/** The outcome of a connector's "Test connection": green or red, with warnings in yellow. Shared by data and email connectors. */
export function ConnectionTestPanel({ ok, heading, children, warnings }: ConnectionTestPanelProps) {
  return (
    <div className="grid gap-2" aria-live="polite">
      {ok ? (
        <div className="flex items-start gap-2 rounded-md border border-success/30 bg-success/10 p-3 text-sm">
          <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
          <div className="grid gap-0.5">
            <span className="font-medium">{heading}</span>
            {children}
          </div>
        </div>
      ) : (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 p-3 text-sm text-destructive">
          <CircleX className="mt-0.5 size-4 shrink-0" aria-hidden />
          <div className="grid gap-0.5">
            <span className="font-medium">{heading}</span>
            {children}
          </div>
        </div>
      )}
      {warnings.length > 0 ? (
        <div
          role="alert"
          data-testid="connection-test-warning"
          className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/15 p-3 text-sm text-warning-foreground dark:text-warning"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <ul className="grid gap-1">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
