import { z } from "zod";
import { REDACTED } from "@/server/lib/redaction";
import { testDataConnectorConfig, testSavedDataConnector } from "@/server/domain/data-connectors/connection-test";
import {
  createDataConnector,
  createDataConnectorInput,
  dataConnectorTypeSchema,
  deleteDataConnector,
  getDataConnector,
  listDataConnectors,
  testDataConnectorConfigInput,
  updateDataConnector,
  updateDataConnectorInput,
} from "@/server/domain/data-connectors/data-connectors";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["data-connectors"];
const idInput = z.object({ id: z.uuid() });

const dataConnectorOutput = z.object({
  id: z.string(),
  type: dataConnectorTypeSchema,
  name: z.string(),
  config: z.literal(REDACTED),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const connectionTestOutput = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  serverVersion: z.string().nullable(),
  canWrite: z.boolean().nullable(),
  warnings: z.array(z.string()),
  error: z.string().optional(),
});

const configDescription =
  "POSTGRES: { connectionString, ssl?: { mode: disable|require|verify-full, ca? } }. " +
  "BIGQUERY: { projectId, credentialsJson, location?, maximumBytesBilled? }. Encrypted at rest and never returned.";

export const dataConnectorsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/data-connectors", protect: true, tags } })
    .input(z.void())
    .output(z.array(dataConnectorOutput))
    .query(({ ctx }) => listDataConnectors(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/data-connectors/{id}", protect: true, tags } })
    .input(idInput)
    .output(dataConnectorOutput)
    .query(({ ctx, input }) => getDataConnector(ctx.services.db, input.id)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/data-connectors", protect: true, tags, description: configDescription } })
    .input(createDataConnectorInput)
    .output(dataConnectorOutput)
    .mutation(({ ctx, input }) => createDataConnector(ctx.services, ctx.actor, input)),
  update: adminProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/data-connectors/{id}",
        protect: true,
        tags,
        description: "The type cannot be changed. A given config replaces the stored one entirely, credentials included.",
      },
    })
    .input(updateDataConnectorInput)
    .output(dataConnectorOutput)
    .mutation(({ ctx, input }) => updateDataConnector(ctx.services, ctx.actor, input)),
  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/data-connectors/{id}", protect: true, tags, description: "Refused while segments use the connector." } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteDataConnector(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  testConnection: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/data-connectors/test-connection",
        protect: true,
        tags,
        summary: "Test a config before saving it",
        description: "Reports latency, server version and whether the credentials can write (a warning: use a read-only role).",
      },
    })
    .input(testDataConnectorConfigInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testDataConnectorConfig({ log: ctx.log }, input)),
  testSaved: adminProcedure
    .meta({ openapi: { method: "POST", path: "/data-connectors/{id}/test-connection", protect: true, tags, summary: "Test a saved connector" } })
    .input(idInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testSavedDataConnector({ db: ctx.services.db, keyring: ctx.services.keyring, log: ctx.log }, input.id)),
});
