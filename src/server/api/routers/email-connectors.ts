import { z } from "zod";
import { REDACTED } from "@/server/lib/redaction";
import { emailConnectorTypeSchema } from "@/server/domain/email-connectors/config";
import {
  createEmailConnector,
  createEmailConnectorInput,
  deleteEmailConnector,
  getEmailConnector,
  listEmailConnectors,
  testEmailConnectorConfig,
  testEmailConnectorConfigInput,
  testSavedEmailConnector,
  updateEmailConnector,
  updateEmailConnectorInput,
} from "@/server/domain/email-connectors/email-connectors";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["email-connectors"];
const idInput = z.object({ id: z.uuid() });

const emailConnectorOutput = z.object({
  id: z.string(),
  type: emailConnectorTypeSchema,
  name: z.string(),
  config: z.literal(REDACTED),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const connectionTestOutput = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  details: z.string(),
  warnings: z.array(z.string()),
});

export const emailConnectorsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/email-connectors", protect: true, tags } })
    .input(z.void())
    .output(z.array(emailConnectorOutput))
    .query(({ ctx }) => listEmailConnectors(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/email-connectors/{id}", protect: true, tags } })
    .input(idInput)
    .output(emailConnectorOutput)
    .query(({ ctx, input }) => getEmailConnector(ctx.services.db, input.id)),
  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/email-connectors",
        protect: true,
        tags,
        description: "The config is encrypted at rest and never returned. Only DEV_INBOX (config {}) is available today.",
      },
    })
    .input(createEmailConnectorInput)
    .output(emailConnectorOutput)
    .mutation(({ ctx, input }) => createEmailConnector(ctx.services, ctx.actor, input)),
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/email-connectors/{id}", protect: true, tags, description: "The type cannot be changed." } })
    .input(updateEmailConnectorInput)
    .output(emailConnectorOutput)
    .mutation(({ ctx, input }) => updateEmailConnector(ctx.services, ctx.actor, input)),
  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/email-connectors/{id}", protect: true, tags, description: "Refused while sender profiles use the connector." } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteEmailConnector(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  testConnection: adminProcedure
    .meta({ openapi: { method: "POST", path: "/email-connectors/test-connection", protect: true, tags, summary: "Test a config before saving it" } })
    .input(testEmailConnectorConfigInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testEmailConnectorConfig(ctx.services, input)),
  testSaved: adminProcedure
    .meta({ openapi: { method: "POST", path: "/email-connectors/{id}/test-connection", protect: true, tags, summary: "Test a saved connector" } })
    .input(idInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testSavedEmailConnector(ctx.services, input.id)),
});
