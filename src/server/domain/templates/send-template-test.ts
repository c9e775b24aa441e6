import { z } from "zod";
import { DomainError } from "@/server/lib/errors";
import { TEMPLATE_TEST_LIMITS, type ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { actorLabel, type Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { getSenderProfile } from "../sender-profiles/sender-profiles";
import { openTestSender } from "../sender-profiles/send-test-email";
import { previewDataSchema, previewSourceSchema, previewTemplate, previewTemplateSource, type TemplatePreview } from "./preview";
import { getTemplate } from "./templates";

export const TEMPLATE_ID_HEADER = "X-EmailOps-Template-Id";
export const TEMPLATE_VERSION_HEADER = "X-EmailOps-Template-Version-Id";

export const sendTemplateTestInput = z.object({
  id: z.uuid(),
  /** Defaults to the active version, else the newest; ignored when `source` (unsaved content) is given. */
  versionId: z.uuid().optional(),
  source: previewSourceSchema.optional(),
  senderProfileId: z.uuid("Choose a sender profile"),
  to: z.string().trim().pipe(z.email("Enter a valid email address")),
  data: previewDataSchema.default({}),
});
export type SendTemplateTestInput = z.input<typeof sendTemplateTestInput>;

export interface TemplateTestRequest {
  jobId: string;
  subject: string;
  /** Variables the test data did not provide: they render empty in the test email. */
  missingVariables: string[];
}

function assertFits(preview: TemplatePreview): void {
  const over = (["subject", "html", "text"] as const).find((part) => preview[part].length > TEMPLATE_TEST_LIMITS[part]);
  if (over) {
    throw new DomainError(
      "INVALID",
      `The rendered ${over} is ${preview[over].length.toLocaleString("en-US")} characters; a test send allows at most ${TEMPLATE_TEST_LIMITS[over].toLocaleString("en-US")}.`,
    );
  }
}

/**
 * Renders now, with the same engine path as the preview, and queues the rendered email on the `send` queue, so
 * a draft or unsaved content is tested exactly as it was previewed.
 */
export async function requestTemplateTest(
  services: Pick<Services, "db" | "queues">,
  actor: Actor,
  input: SendTemplateTestInput,
): Promise<TemplateTestRequest> {
  const { id, versionId, source, senderProfileId, to, data } = sendTemplateTestInput.parse(input);
  const template = await getTemplate(services.db, id);
  const profile = await getSenderProfile(services.db, senderProfileId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      throw new DomainError("INVALID", `senderProfileId: sender profile ${senderProfileId} does not exist; choose an existing sender profile.`);
    }
    throw error;
  });
  const preview = source ? await previewTemplateSource(services.db, { source, data }) : await previewTemplate(services.db, { id, versionId, data });
  assertFits(preview);
  const job = await services.queues.enqueue("send-template-test", {
    senderProfileId,
    to,
    requestedBy: actorLabel(actor),
    templateId: template.id,
    versionId: preview.versionId,
    subject: preview.subject,
    html: preview.html,
    text: preview.text,
  });
  if (!job.id) throw new Error("queue returned a job without id");
  await recordAudit(services.db, actor, {
    action: "template.send-test",
    entityType: "template",
    entityId: template.id,
    after: { to, senderProfile: profile.name, versionId: preview.versionId, version: preview.version, unsaved: source !== undefined, jobId: job.id },
  });
  return { jobId: job.id, subject: preview.subject, missingVariables: preview.missingVariables };
}

/** Handler of the "send-template-test" job: sends the already rendered email through the sender profile. */
export async function sendTemplateTest(services: Services, payload: ParsedJobPayload<"send-template-test">): Promise<{ messageId: string }> {
  const sender = await openTestSender(services, payload.senderProfileId);
  return sender.send({
    to: payload.to,
    subject: payload.subject,
    html: payload.html,
    text: payload.text,
    headers: {
      [TEMPLATE_ID_HEADER]: payload.templateId,
      ...(payload.versionId ? { [TEMPLATE_VERSION_HEADER]: payload.versionId } : {}),
    },
  });
}
