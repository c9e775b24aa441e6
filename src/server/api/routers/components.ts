import { z } from "zod";
import {
  componentUsage,
  createComponent,
  deleteComponent,
  getComponent,
  listComponents,
  previewComponent,
  previewComponentSource,
  updateComponent,
} from "@/server/domain/components/components";
import {
  COMPONENT_CONTENT_TYPES,
  COMPONENT_TYPES,
  COMPONENT_VARIABLE_TYPES,
  createComponentInput,
  previewComponentInput,
  previewComponentSourceInput,
  updateComponentInput,
} from "@/server/domain/components/inputs";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["components"];
const idInput = z.object({ id: z.uuid() });

const componentOutput = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(COMPONENT_TYPES),
  contentType: z.enum(COMPONENT_CONTENT_TYPES),
  content: z.string(),
  variables: z.array(z.object({ name: z.string(), type: z.enum(COMPONENT_VARIABLE_TYPES), defaultValue: z.string(), description: z.string() })),
  previewHtml: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** The component library is marketers' work: every signed-in user may author it. */
export const componentsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/components", protect: true, tags } })
    .input(z.void())
    .output(z.array(componentOutput))
    .query(({ ctx }) => listComponents(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/components/{id}", protect: true, tags } })
    .input(idInput)
    .output(componentOutput)
    .query(({ ctx, input }) => getComponent(ctx.services.db, input.id)),
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/components",
        protect: true,
        tags,
        description: "`name` is the partial name templates use: {{> name key=\"value\"}}. The content must render (400 with problems otherwise).",
      },
    })
    .input(createComponentInput)
    .output(componentOutput)
    .mutation(({ ctx, input }) => createComponent(ctx.services.db, ctx.actor, input)),
  update: protectedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/components/{id}",
        protect: true,
        tags,
        description: "Published template versions keep the HTML they were compiled with; changes show in drafts and later publishes.",
      },
    })
    .input(updateComponentInput)
    .output(componentOutput)
    .mutation(({ ctx, input }) => updateComponent(ctx.services.db, ctx.actor, input)),
  delete: protectedProcedure
    .meta({
      openapi: { method: "DELETE", path: "/components/{id}", protect: true, tags, description: "Refused while an active template version uses the component." },
    })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteComponent(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  preview: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/components/{id}/preview",
        protect: true,
        tags,
        description: "Renders the component with its variable defaults, overridden by `args`.",
      },
    })
    .input(previewComponentInput)
    .output(z.object({ html: z.string() }))
    .mutation(({ ctx, input }) => previewComponent(ctx.services.db, input)),
  previewSource: protectedProcedure
    .input(previewComponentSourceInput)
    .output(z.object({ html: z.string() }))
    .mutation(({ ctx, input }) => previewComponentSource(ctx.services.db, input)),
  usage: protectedProcedure
    .input(idInput)
    .output(z.object({ activeVersions: z.array(z.string()) }))
    .query(({ ctx, input }) => componentUsage(ctx.services.db, input.id)),
});
