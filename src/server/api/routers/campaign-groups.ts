import { z } from "zod";
import { runStatus, singleSendStatus } from "@/server/db/schema";
import {
  COLLISION_POLICIES,
  createCampaignGroup,
  createCampaignGroupInput,
  DEFAULT_PREVENTED_WINDOWS,
  deleteCampaignGroup,
  getCampaignGroup,
  listCampaignGroups,
  listMembers,
  MAX_PREVENTED_WINDOWS,
  preventedByWindow,
  preventedWindowCountSchema,
  reorderMembers,
  reorderMembersInput,
  updateCampaignGroup,
  updateCampaignGroupInput,
} from "@/server/domain/campaign-groups/campaign-groups";
import { triggerCampaignGroup } from "@/server/domain/single-sends/trigger";
import { runSummaryOutput } from "../run-summary-output";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["campaign-groups"];
const idInput = z.object({ id: z.uuid() });
const runStatusSchema = z.enum(runStatus.enumValues);

const campaignGroupOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  collisionWindow: z.number().int(),
  collisionPolicy: z.enum(COLLISION_POLICIES),
  memberCount: z.number().int(),
  activeMemberCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const memberOutput = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(singleSendStatus.enumValues),
  priority: z.number().int(),
  segmentId: z.string(),
  segmentName: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  lastRunId: z.string().nullable(),
  lastRunStatus: runStatusSchema.nullable(),
  lastRunAt: z.date().nullable(),
});

const reasonCountsOutput = z.record(z.string(), z.number().int());

const preventedOutput = z.object({
  windowSeconds: z.number().int(),
  windows: z.array(z.object({ startsAt: z.date(), endsAt: z.date(), total: z.number().int(), byReason: reasonCountsOutput })),
  total: z.number().int(),
  byReason: reasonCountsOutput,
});


/** Campaign groups are marketers' work, like segments and single sends: every signed-in user may manage and trigger them. */
export const campaignGroupsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/campaign-groups", protect: true, tags } })
    .input(z.void())
    .output(z.array(campaignGroupOutput))
    .query(({ ctx }) => listCampaignGroups(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/campaign-groups/{id}", protect: true, tags } })
    .input(idInput)
    .output(campaignGroupOutput)
    .query(({ ctx, input }) => getCampaignGroup(ctx.services.db, input.id)),
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/campaign-groups",
        protect: true,
        tags,
        description:
          "collisionWindow is in whole seconds (60 to 31,536,000; default 86,400). collisionPolicy: HIGHEST_PRIORITY_WINS (default), FIRST_QUEUED_WINS or SEND_ALL.",
      },
    })
    .input(createCampaignGroupInput)
    .output(campaignGroupOutput)
    .mutation(({ ctx, input }) => createCampaignGroup(ctx.services.db, ctx.actor, input)),
  update: protectedProcedure
    .meta({ openapi: { method: "PATCH", path: "/campaign-groups/{id}", protect: true, tags } })
    .input(updateCampaignGroupInput)
    .output(campaignGroupOutput)
    .mutation(({ ctx, input }) => updateCampaignGroup(ctx.services.db, ctx.actor, input)),
  delete: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/campaign-groups/{id}",
        protect: true,
        tags,
        description: "Refused while a run of the group is in progress. Member single sends are kept and detached from the group.",
      },
    })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteCampaignGroup(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  trigger: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/campaign-groups/{id}/trigger",
        protect: true,
        tags,
        summary: "Run every ACTIVE member",
        description: "Creates one run per ACTIVE member single send; all their audience snapshots are built before any of them sends.",
      },
    })
    .input(idInput)
    .output(z.array(runSummaryOutput))
    .mutation(({ ctx, input }) => triggerCampaignGroup(ctx.services, ctx.actor, input.id)),
  members: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/campaign-groups/{id}/members", protect: true, tags, summary: "Member single sends by priority" } })
    .input(idInput)
    .output(z.array(memberOutput))
    .query(({ ctx, input }) => listMembers(ctx.services.db, input.id)),
  reorder: protectedProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/campaign-groups/{id}/members/order",
        protect: true,
        tags,
        summary: "Set the members' priority order",
        description: "singleSendIds lists every current member, highest priority first; they get priorities 10, 20, 30…",
      },
    })
    .input(reorderMembersInput)
    .output(z.array(memberOutput))
    .mutation(({ ctx, input }) => reorderMembers(ctx.services.db, ctx.actor, input)),
  prevented: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/campaign-groups/{id}/prevented",
        protect: true,
        tags,
        summary: "Emails prevented by collisions, per window",
        description: `Recipients of the group's runs skipped with a collision:* reason in each of the last \`windows\` collision windows ending now (default ${DEFAULT_PREVENTED_WINDOWS}, at most ${MAX_PREVENTED_WINDOWS}), oldest first.`,
      },
    })
    .input(idInput.extend({ windows: preventedWindowCountSchema.optional() }))
    .output(preventedOutput)
    .query(({ ctx, input }) => preventedByWindow(ctx.services.db, input.id, { windows: input.windows })),
});
