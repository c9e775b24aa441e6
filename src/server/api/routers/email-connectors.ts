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
  maxSendRatePerSecond: z.number().optional(),
});

const configDescription = [
  "The config depends on the type, is encrypted at rest and never returned.",
  "DEV_INBOX: {} (emails are captured in the dashboard's Dev inbox).",
  "SES: { region, accessKeyId, secretAccessKey, configurationSetName?, endpoint? (a VPC endpoint URL) }.",
  "RESEND: { apiKey, baseUrl? }.",
  "SMTP: { host, port, secure (TLS from the first byte), username?, password?, maxConnections? (pool size, default 5) }.",
].join(" ");

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
        description: configDescription,
      },
    })
    .input(createEmailConnectorInput)
    .output(emailConnectorOutput)
    .mutation(({ ctx, input }) => createEmailConnector(ctx.services, ctx.actor, input)),
  update: adminProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/email-connectors/{id}",
        protect: true,
        tags,
        description: "The type cannot be changed. A config, when given, replaces the stored one entirely, secrets included.",
      },
    })
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
    .meta({
      openapi: {
        method: "POST",
        path: "/email-connectors/test-connection",
        protect: true,
        tags,
        summary: "Test a config before saving it",
        description: "Nothing is stored or sent. maxSendRatePerSecond is the provider's own limit when it reports one (SES, Resend).",
      },
    })
    .input(testEmailConnectorConfigInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testEmailConnectorConfig(ctx.services, input)),
  testSaved: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/email-connectors/{id}/test-connection",
        protect: true,
        tags,
        summary: "Test a saved connector",
        description: "Also warns about sender profiles using the connector whose refill rate exceeds the provider's maximum send rate.",
      },
    })
    .input(idInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => testSavedEmailConnector(ctx.services, input.id)),
});
