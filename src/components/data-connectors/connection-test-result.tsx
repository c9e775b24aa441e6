import { ConnectionTestPanel } from "@/components/ui/connection-test-panel";
import type { RouterOutputs } from "@/trpc/react";

export type DataConnectionTestResult = RouterOutputs["dataConnectors"]["testConnection"];

/** Latency, server version and write access of a connection test; warnings (a role that can write) in yellow. */
export function ConnectionTestResult({ result }: { result: DataConnectionTestResult }) {
  const latency = result.latencyMs.toLocaleString("en");
  if (!result.ok) {
    return (
      <ConnectionTestPanel ok={false} heading={`Connection failed after ${latency} ms`} warnings={result.warnings}>
        {result.error ? <span className="break-words">{result.error}</span> : null}
      </ConnectionTestPanel>
    );
  }
  return (
    <ConnectionTestPanel ok heading={`Connected in ${latency} ms`} warnings={result.warnings}>
      {result.serverVersion ? <span className="text-muted-foreground">Server version: {result.serverVersion}</span> : null}
      {result.canWrite === false ? <span className="text-muted-foreground">Read-only: these credentials cannot modify data.</span> : null}
    </ConnectionTestPanel>
  );
}
