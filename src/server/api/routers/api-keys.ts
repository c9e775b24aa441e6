import { z } from "zod";
import { createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "@/server/domain/api-keys/api-keys";
import { adminProcedure, createTRPCRouter } from "../trpc";

const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdByEmail: z.string().nullable(),
});

export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/api-keys", protect: true, tags: ["api-keys"] } })
    .input(z.void())
    .output(z.array(apiKeyOutput))
    .query(({ ctx }) => listApiKeys(ctx.services.db)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/api-keys", protect: true, tags: ["api-keys"], description: "The key is returned once and never again." } })
    .input(createApiKeyInput)
    .output(z.object({ key: z.string(), apiKey: apiKeyOutput }))
    .mutation(({ ctx, input }) => createApiKey(ctx.services.db, ctx.actor, input)),
  revoke: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/api-keys/{id}", protect: true, tags: ["api-keys"] } })
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
});
