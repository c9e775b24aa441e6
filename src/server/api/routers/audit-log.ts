import { z } from "zod";
import { listAuditLog, listAuditLogFacets, listAuditLogInput } from "@/server/domain/audit-log/list";
import { adminProcedure, createTRPCRouter } from "../trpc";

const auditLogEntryOutput = z.object({
  id: z.string(),
  createdAt: z.date(),
  actorType: z.enum(["user", "api_key", "system"]),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const auditLogRouter = createTRPCRouter({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/audit-log",
        protect: true,
        tags: ["audit-log"],
        summary: "Audit log entries, newest first",
        description: "Filter by entityType, entityId, action, actor (substring of the actor's label) and a from/to date range.",
      },
    })
    .input(listAuditLogInput)
    .output(z.object({ items: z.array(auditLogEntryOutput), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }))
    .query(({ ctx, input }) => listAuditLog(ctx.services.db, input)),
  facets: adminProcedure
    .input(z.void())
    .output(z.object({ entityTypes: z.array(z.string()), actions: z.array(z.string()) }))
    .query(({ ctx }) => listAuditLogFacets(ctx.services.db)),
});
