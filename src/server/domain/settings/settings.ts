import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { workspaceSettings } from "@/server/db/schema";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { normalizeTimeZone } from "./timezone";

const SETTINGS_ID = 1;

export const timeZoneSchema = z.string().transform((value, ctx) => {
  const zone = normalizeTimeZone(value);
  if (zone) return zone;
  ctx.addIssue({ code: "custom", message: `"${value}" is not a valid IANA time zone (for example Europe/Paris or UTC)` });
  return z.NEVER;
});

export const updateWorkspaceSettingsInput = z.object({
  organizationName: z
    .string()
    .trim()
    .min(1, "Organization name is required")
    .max(200, "Organization name must be at most 200 characters")
    .optional(),
  postalAddress: z.string().trim().max(500, "Postal address must be at most 500 characters").optional(),
  defaultTimezone: timeZoneSchema.optional(),
  maskPiiForMembers: z.boolean("maskPiiForMembers must be true or false").optional(),
});
export type UpdateWorkspaceSettingsInput = z.input<typeof updateWorkspaceSettingsInput>;

export interface WorkspaceSettings {
  organizationName: string;
  postalAddress: string;
  defaultTimezone: string;
  maskPiiForMembers: boolean;
  /** null until the settings are saved for the first time. */
  updatedAt: Date | null;
}

/** Same values as the column defaults in db/schema/settings.ts. */
export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = {
  organizationName: "My organisation",
  postalAddress: "",
  defaultTimezone: "UTC",
  maskPiiForMembers: false,
  updatedAt: null,
};

const columns = {
  organizationName: workspaceSettings.organizationName,
  postalAddress: workspaceSettings.postalAddress,
  defaultTimezone: workspaceSettings.defaultTimezone,
  maskPiiForMembers: workspaceSettings.maskPiiForMembers,
  updatedAt: workspaceSettings.updatedAt,
};

/** The row is created on first save, so a fresh workspace reads the defaults without writing anything. */
export async function getWorkspaceSettings(db: DbOrTx): Promise<WorkspaceSettings> {
  const [row] = await db.select(columns).from(workspaceSettings).where(eq(workspaceSettings.id, SETTINGS_ID));
  return row ?? { ...DEFAULT_WORKSPACE_SETTINGS };
}

export async function updateWorkspaceSettings(db: Database, actor: Actor, input: UpdateWorkspaceSettingsInput): Promise<WorkspaceSettings> {
  const changes = updateWorkspaceSettingsInput.parse(input);
  return db.transaction(async (tx) => {
    await tx.insert(workspaceSettings).values({ id: SETTINGS_ID }).onConflictDoNothing();
    const [before] = await tx.select(columns).from(workspaceSettings).where(eq(workspaceSettings.id, SETTINGS_ID)).for("update");
    const [after] = await tx
      .update(workspaceSettings)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(workspaceSettings.id, SETTINGS_ID))
      .returning(columns);
    if (!before || !after) throw new Error("workspace settings row is missing after upsert");
    await recordAudit(tx, actor, { action: "settings.update", entityType: "workspace_settings", entityId: String(SETTINGS_ID), before, after });
    return after;
  });
}
