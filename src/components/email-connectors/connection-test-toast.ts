import { toast } from "sonner";

interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  details: string;
  warnings: string[];
}

export function showConnectionTestResult(result: ConnectionTestResult): void {
  const description = [result.details, ...result.warnings].join(" ");
  if (result.ok) toast.success(`Connection works (${result.latencyMs} ms)`, { description });
  else toast.error("Connection failed", { description });
}
