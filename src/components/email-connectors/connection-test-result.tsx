import { CircleCheck, CircleX, TriangleAlert } from "lucide-react";
import type { RouterOutputs } from "@/trpc/react";

export type EmailConnectionTestResult = RouterOutputs["emailConnectors"]["testConnection"];

/** What the provider said (quota, domains, server) and any warnings, shown inside the connector dialog. */
export function ConnectionTestResult({ result }: { result: EmailConnectionTestResult }) {
  return (
    <div className="grid gap-2" aria-live="polite">
      {result.ok ? (
        <div className="flex items-start gap-2 rounded-md border border-success/30 bg-success/10 p-3 text-sm">
          <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
          <div className="grid gap-0.5">
            <span className="font-medium">Connection works ({result.latencyMs.toLocaleString("en")} ms)</span>
            <span className="break-words text-muted-foreground">{result.details}</span>
          </div>
        </div>
      ) : (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 p-3 text-sm text-destructive">
          <CircleX className="mt-0.5 size-4 shrink-0" aria-hidden />
          <div className="grid gap-0.5">
            <span className="font-medium">Connection failed after {result.latencyMs.toLocaleString("en")} ms</span>
            <span className="break-words">{result.details}</span>
          </div>
        </div>
      )}
      {result.warnings.length > 0 ? (
        <div
          role="alert"
          data-testid="connection-test-warning"
          className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/15 p-3 text-sm text-warning-foreground dark:text-warning"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <ul className="grid gap-1">
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
