import type { Logger } from "pino";
import type { DbOrTx } from "@/server/db/client";
import type { Keyring } from "@/server/lib/crypto";
import type { DataConnectionTestResult, DataConnectorAdapter } from "./adapter";
import { closeQuietly } from "./adapter-cache";
import { createAdapterForSettings, getDataConnectorAdapter, resolveDataConnector } from "./adapter-factory";
import type { DataConnectorSettings } from "./config";
import {
  testDataConnectorConfigInput,
  validateDataConnectorConfig,
  type DataConnectorType,
  type TestDataConnectorConfigInput,
} from "./data-connectors";
import { connectorSecrets, scrubSecrets } from "./redact-secrets";

export interface DataConnectorTestDeps {
  db: DbOrTx;
  keyring: Keyring;
  log: Logger;
}

/** A test that has not answered by then is reported as failed; the adapter's own connect timeout ends the attempt. */
export const TEST_CONNECTION_TIMEOUT_MS = 15_000;

function failedTest(latencyMs: number, error: string): DataConnectionTestResult {
  return { ok: false, latencyMs, serverVersion: null, canWrite: null, warnings: [], error };
}

/**
 * Runs the adapter's test with a time limit, never throws for connection problems, and makes sure no secret of the
 * config survives in the messages (driver errors can quote what they were given).
 */
async function runConnectionTest(adapter: DataConnectorAdapter, settings: DataConnectorSettings): Promise<DataConnectionTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DataConnectionTestResult>((resolve) => {
    timer = setTimeout(
      () => resolve(failedTest(elapsed(), `No answer within ${TEST_CONNECTION_TIMEOUT_MS / 1000} s; check the host, port and firewall.`)),
      TEST_CONNECTION_TIMEOUT_MS,
    );
  });
  let result: DataConnectionTestResult;
  try {
    result = await Promise.race([adapter.testConnection(), timeout]);
  } catch (error) {
    result = failedTest(elapsed(), error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
  const secrets = connectorSecrets(settings);
  return {
    ...result,
    warnings: result.warnings.map((warning) => scrubSecrets(warning, secrets)),
    ...(result.error === undefined ? {} : { error: scrubSecrets(result.error, secrets) }),
  };
}

function logTest(log: Logger, connectorId: string | null, type: DataConnectorType, result: DataConnectionTestResult): void {
  const { ok, latencyMs, serverVersion, canWrite, error } = result;
  log[ok ? "info" : "warn"]({ connectorId, type, ok, latencyMs, serverVersion, canWrite, error }, "data connector connection test");
}

/** Tests a config before it is saved, on a short-lived adapter that is closed afterwards. */
export async function testDataConnectorConfig(deps: Pick<DataConnectorTestDeps, "log">, input: TestDataConnectorConfigInput): Promise<DataConnectionTestResult> {
  const data = testDataConnectorConfigInput.parse(input);
  const settings = validateDataConnectorConfig(data.type, data.config);
  const adapter = createAdapterForSettings(settings);
  try {
    const result = await runConnectionTest(adapter, settings);
    logTest(deps.log, null, settings.type, result);
    return result;
  } finally {
    await closeQuietly(null, adapter);
  }
}

/** Tests a saved connector on its cached adapter, the same pool segments use. */
export async function testSavedDataConnector(deps: DataConnectorTestDeps, id: string): Promise<DataConnectionTestResult> {
  const connector = await resolveDataConnector(deps, id);
  const adapter = await getDataConnectorAdapter(deps, id);
  const result = await runConnectionTest(adapter, connector.settings);
  logTest(deps.log, id, connector.settings.type, result);
  return result;
}
