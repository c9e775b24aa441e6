import { ensureDatabaseExists, migrateDatabase } from "@/server/db/migrate";

export async function runMigrate(databaseUrl: string): Promise<string[]> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  const created = await ensureDatabaseExists(databaseUrl);
  await migrateDatabase(databaseUrl);
  return [created ? `Created database "${name}".` : `Database "${name}" exists.`, "Migrations applied; the schema is up to date."];
}
