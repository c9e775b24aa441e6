import { z } from "zod";
import { getWorkspaceSettings, updateWorkspaceSettings, updateWorkspaceSettingsInput } from "@/server/domain/settings/settings";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["settings"];

const workspaceSettingsOutput = z.object({
  organizationName: z.string(),
  postalAddress: z.string(),
  defaultTimezone: z.string(),
  maskPiiForMembers: z.boolean(),
  updatedAt: z.date().nullable(),
});

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/settings", protect: true, tags } })
    .input(z.void())
    .output(workspaceSettingsOutput)
    .query(({ ctx }) => getWorkspaceSettings(ctx.services.db)),
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/settings", protect: true, tags } })
    .input(updateWorkspaceSettingsInput)
    .output(workspaceSettingsOutput)
    .mutation(({ ctx, input }) => updateWorkspaceSettings(ctx.services.db, ctx.actor, input)),
});
