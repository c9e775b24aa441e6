import type { ReactNode } from "react";
import { CircleCheck, CircleX, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils";

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
  const Icon = ok ? CircleCheck : CircleX;
  return (
    <div className="grid gap-2" aria-live="polite">
      <div
        role={ok ? undefined : "alert"}
        className={cn(
          "flex items-start gap-2 rounded-md border p-3 text-sm",
          ok ? "border-success/30 bg-success/10" : "border-destructive/30 bg-destructive/10 text-destructive",
        )}
      >
        <Icon className={cn("mt-0.5 size-4 shrink-0", ok && "text-success")} aria-hidden />
        <div className="grid gap-0.5">
          <span className="font-medium">{heading}</span>
          {children}
        </div>
      </div>
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
