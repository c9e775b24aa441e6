import { defineConfig } from "drizzle-kit";
import { loadEnvFile } from "./src/server/lib/load-env-file";

loadEnvFile();

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/emailops" },
});
