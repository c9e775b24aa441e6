import { existsSync } from "node:fs";

/**
 * Next.js reads `.env` itself; the worker, the CLI, drizzle-kit and vitest run outside Next and call this first.
 * Variables already present in the environment win over the file.
 */
export function loadEnvFile(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
