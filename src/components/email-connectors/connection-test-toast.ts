import { toast } from "sonner";
import type { EmailConnectionTestResult } from "./connection-test-result";

export function showConnectionTestResult(result: EmailConnectionTestResult): void {
  if (!result.ok) toast.error(`Connection failed after ${result.latencyMs} ms`, { description: result.details });
  else if (result.warnings.length > 0) toast.warning(`Connection works (${result.latencyMs} ms)`, { description: [result.details, ...result.warnings].join(" — ") });
  else toast.success(`Connection works (${result.latencyMs} ms)`, { description: result.details });
}
