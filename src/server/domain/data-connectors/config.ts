import { z } from "zod";

export const postgresConnectorConfig = z.object({
  connectionString: z
    .string()
    .trim()
    .min(1, "Connection string is required")
    .refine((value) => /^postgres(ql)?:\/\//.test(value), "Connection string must start with postgres:// or postgresql://"),
  ssl: z
    .object({
      mode: z.enum(["disable", "require", "verify-full"]).default("disable"),
      /** PEM CA certificate for verify-full against a private CA. */
      ca: z.string().optional(),
    })
    .optional(),
});
export type PostgresConnectorConfig = z.infer<typeof postgresConnectorConfig>;

export const bigQueryConnectorConfig = z.object({
  projectId: z.string().trim().min(1, "Project id is required"),
  /** The service-account key file's JSON text. */
  credentialsJson: z
    .string()
    .min(1, "Service account credentials are required")
    .refine((value) => {
      try {
        const parsed = JSON.parse(value) as { client_email?: unknown; private_key?: unknown };
        return typeof parsed.client_email === "string" && typeof parsed.private_key === "string";
      } catch {
        return false;
      }
    }, "Credentials must be a service-account key JSON with client_email and private_key"),
  location: z.string().trim().min(1).optional(),
  /** Upper bound of bytes a single query may bill; BigQuery fails the job instead of exceeding it. */
  maximumBytesBilled: z.coerce.number().int().positive().optional(),
});
export type BigQueryConnectorConfig = z.infer<typeof bigQueryConnectorConfig>;

export const dataConnectorConfig = z.discriminatedUnion("type", [
  z.object({ type: z.literal("POSTGRES"), config: postgresConnectorConfig }),
  z.object({ type: z.literal("BIGQUERY"), config: bigQueryConnectorConfig }),
]);
export type DataConnectorSettings = z.infer<typeof dataConnectorConfig>;
