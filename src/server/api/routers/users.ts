import { z } from "zod";
import { createUser, createUserInput, deleteUser, listUsers, passwordSchema, resetUserPassword, roleSchema, setUserRole } from "@/server/domain/users/users";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
});

export const usersRouter = createTRPCRouter({
  me: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/me", protect: true, tags: ["users"], summary: "Who is calling" } })
    .input(z.void())
    .output(z.object({ type: z.enum(["user", "api_key", "system"]), id: z.string().nullable(), label: z.string(), role: roleSchema }))
    .query(({ ctx }) => ({
      type: ctx.actor.type,
      id: ctx.actor.id,
      label: ctx.actor.type === "user" ? ctx.actor.email : ctx.actor.name,
      role: ctx.actor.role,
    })),
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/users", protect: true, tags: ["users"] } })
    .input(z.void())
    .output(z.array(userOutput))
    .query(({ ctx }) => listUsers(ctx.services.db)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/users", protect: true, tags: ["users"] } })
    .input(createUserInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => createUser(ctx.services.db, ctx.actor, input)),
  setRole: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/users/{id}", protect: true, tags: ["users"] } })
    .input(z.object({ id: z.uuid(), role: roleSchema }))
    .output(userOutput)
    .mutation(({ ctx, input }) => setUserRole(ctx.services.db, ctx.actor, input.id, input.role)),
  resetPassword: adminProcedure
    .input(z.object({ id: z.uuid(), password: passwordSchema }))
    .mutation(({ ctx, input }) => resetUserPassword(ctx.services.db, ctx.actor, input.id, input.password)),
  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/users/{id}", protect: true, tags: ["users"] } })
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteUser(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
});
