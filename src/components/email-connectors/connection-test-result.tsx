import { ConnectionTestPanel } from "@/components/ui/connection-test-panel";
import type { RouterOutputs } from "@/trpc/react";

export type EmailConnectionTestResult = RouterOutputs["emailConnectors"]["testConnection"];

/** What the provider said (quota, domains, server) and any warnings, shown inside the connector dialog. */
export function ConnectionTestResult({ result }: { result: EmailConnectionTestResult }) {
  const latency = result.latencyMs.toLocaleString("en");
  return (
    <ConnectionTestPanel ok={result.ok} heading={result.ok ? `Connection works (${latency} ms)` : `Connection failed after ${latency} ms`} warnings={result.warnings}>
      <span className={result.ok ? "break-words text-muted-foreground" : "break-words"}>{result.details}</span>
    </ConnectionTestPanel>
  );
}
