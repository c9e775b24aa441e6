import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { vi } from "vitest";
import { WORKER_NODE_FLAGS } from "../../worker/config";

/** Enough of a worker's log to explain a failure, without keeping a long run's whole output in memory. */
const OUTPUT_TAIL_CHARS = 64_000;
const STARTUP_TIMEOUT_MS = 30_000;

export interface WorkerProcessOptions {
  databaseUrl: string;
  queuePrefix: string;
  logLevel?: "debug" | "info" | "warn" | "error";
}

export interface WorkerProcess {
  readonly pid: number;
  /** The worker's health/metrics port (WORKER_PORT). */
  readonly port: number;
  url: (path: string) => string;
  /** The last part of the process's stdout and stderr. */
  output: () => string;
  hasExited: () => boolean;
  /** Sends the signal to the worker's process group and resolves once the worker is gone. */
  stop: (signal: NodeJS.Signals) => Promise<void>;
}

const running = new Map<number, { child: ChildProcess; exited: Promise<void> }>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

// Workers lead their own process groups, so they would outlive a test process that dies without running its hooks.
process.once("exit", () => {
  for (const { child } of running.values()) signalGroup(child, "SIGKILL");
});

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("the operating system gave no free TCP port");
  return address.port;
}

/**
 * Starts the real worker entry (`worker/index.ts`) as its own process, pointed at a test's database and Redis prefix,
 * and waits until it reports ready. Node runs it with tsx as an import hook rather than through the `tsx` CLI: the CLI
 * forks a second Node process, so a SIGKILL to the CLI would leave the real worker running. The worker also leads its
 * own process group, so a kill reaches anything it might fork.
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", "worker/index.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      QUEUE_PREFIX: options.queuePrefix,
      WORKER_PORT: String(port),
      LOG_LEVEL: options.logLevel ?? "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the worker process could not be started");
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  running.set(pid, { child, exited });
  void exited.then(() => running.delete(pid));

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const worker: WorkerProcess = {
    pid,
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    output: () => output,
    hasExited,
    async stop(signal) {
      signalGroup(child, signal);
      await exited;
    },
  };
  try {
    await vi.waitFor(
      async () => {
        if (hasExited()) return;
        const response = await fetch(worker.url("/ready"));
        if (response.status !== 200) throw new Error(`worker ${pid} is not ready yet: ${response.status} ${await response.text()}`);
      },
      { timeout: STARTUP_TIMEOUT_MS, interval: 100 },
    );
  } catch (error) {
    await worker.stop("SIGKILL");
    throw error;
  }
  if (hasExited()) throw new Error(`worker ${pid} exited during startup (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
  return worker;
}

/** SIGKILLs every worker process still running; for afterEach/afterAll, so a failed test never leaves one behind. */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all(
    [...running.values()].map(({ child, exited }) => {
      signalGroup(child, "SIGKILL");
      return exited;
    }),
  );
}
