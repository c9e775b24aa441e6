import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import postgres from "postgres";
import { Redis } from "ioredis";
import { migrateDatabase } from "@/server/db/migrate";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { adminUrl, databaseUrl } from "@/test/database-urls";

/**
 * Runs the real product for the browser tests: a fresh database migrated and seeded with the demo workspace,
 * the built standalone web server and the worker, each on a free port with its own Redis prefix.
 */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

async function waitForOk(url: string, timeoutMs: number, process: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${url}: the server exited with ${process.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

function startDetached(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { env, detached: true, stdio: ["ignore", "ignore", "inherit"] });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || !child.pid) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
    }, 10_000).unref();
  });
}

export default async function setup({ provide }: { provide: (key: "e2e", value: E2EContext) => void }) {
  loadEnvFile();
  if (!existsSync(".next/standalone/server.js")) {
    throw new Error("No production build: run `npx next build` (scripts/test.sh does) before the e2e tests.");
  }
  const suffix = randomBytes(4).toString("hex");
  const name = `emailops_e2e_${suffix}`;
  const url = databaseUrl(name);
  const queuePrefix = `emailops-e2e-${suffix}`;
  await migrateDatabase(url);
  const [webPort, workerPort] = [await freePort(), await freePort()];
  const baseURL = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    QUEUE_PREFIX: queuePrefix,
    NEXTAUTH_URL: baseURL,
    APP_URL: baseURL,
    WORKER_PORT: String(workerPort),
    LOG_LEVEL: "warn",
  };
  await run("npx", ["tsx", "src/cli/index.ts", "seed-demo"], env);

  const web = startDetached("node", [".next/standalone/server.js"], { ...env, PORT: String(webPort), HOSTNAME: "127.0.0.1" });
  const worker = startDetached("npx", ["tsx", "worker/index.ts"], env);
  try {
    await waitForOk(`${baseURL}/api/ready`, 60_000, web);
    await waitForOk(`http://127.0.0.1:${workerPort}/ready`, 60_000, worker);
  } catch (error) {
    await Promise.all([stop(web), stop(worker)]);
    throw error;
  }
  provide("e2e", { baseURL, databaseUrl: url, workerURL: `http://127.0.0.1:${workerPort}` });

  return async () => {
    await Promise.all([stop(web), stop(worker)]);
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
    const keys = await redis.keys(`${queuePrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

export interface E2EContext {
  baseURL: string;
  databaseUrl: string;
  workerURL: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}
