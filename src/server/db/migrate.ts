import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { connectDatabase } from "./client";

const MIGRATIONS_FOLDER = new URL("../../../drizzle", import.meta.url).pathname;

/** Connects to the server's `postgres` database and creates the target database when it is missing. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database");
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  try {
    const [row] = await admin`select 1 as present from pg_database where datname = ${name}`;
    if (row) return false;
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    // Two processes racing to create the same database: the loser sees duplicate_database.
    if (error instanceof postgres.PostgresError && error.code === "42P04") return false;
    throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function migrateDatabase(databaseUrl: string, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  await ensureDatabaseExists(databaseUrl);
  const connection = connectDatabase(databaseUrl, { max: 1 });
  try {
    await migrate(connection.db, { migrationsFolder });
  } finally {
    await connection.close();
  }
}
