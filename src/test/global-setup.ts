import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateDatabase } from "@/server/db/migrate";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { adminUrl, databaseUrl } from "./database-urls";

/**
 * Migrates one template database per test run; every integration test file clones it (CREATE DATABASE … TEMPLATE),
 * which takes milliseconds, so files never share state and parallel runs never collide.
 */
export default async function setup({ provide }: { provide: (key: "templateDatabase", value: string) => void }) {
  loadEnvFile();
  const name = `emailops_test_tpl_${randomBytes(4).toString("hex")}`;
  await migrateDatabase(databaseUrl(name));
  provide("templateDatabase", name);
  return async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
