import { eq } from "drizzle-orm";
import { senderProfiles } from "@/server/db/schema";
import { notFound } from "@/server/lib/errors";
import type { ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { resolveEmailConnector } from "../email-connectors/email-connectors";
import { formatMailbox } from "../email-connectors/mailbox";
import { createEmailProvider } from "../email-connectors/provider";
import { buildTestEmail } from "./test-email-content";

export const TEST_EMAIL_HEADER = "X-EmailOps-Test";
export const SENDER_PROFILE_HEADER = "X-EmailOps-Sender-Profile-Id";

/** Handler of the "send-test-email" job: sends a short test message through a sender profile's connector. */
export async function sendTestEmail(services: Services, payload: ParsedJobPayload<"send-test-email">): Promise<{ messageId: string }> {
  const [profile] = await services.db.select().from(senderProfiles).where(eq(senderProfiles.id, payload.senderProfileId));
  if (!profile) throw notFound("Sender profile", payload.senderProfileId);
  const connector = await resolveEmailConnector(services, profile.emailConnectorId);
  const content = buildTestEmail({
    profileName: profile.name,
    fromAddress: formatMailbox(profile.fromEmail, profile.fromName),
    replyTo: profile.replyTo,
    connectorName: connector.name,
    connectorType: connector.settings.type,
    requestedBy: payload.requestedBy,
    sentAt: new Date(),
  });
  return createEmailProvider(services, connector).send({
    from: profile.fromEmail,
    fromName: profile.fromName,
    ...(profile.replyTo ? { replyTo: profile.replyTo } : {}),
    to: payload.to,
    subject: content.subject,
    html: content.html,
    text: content.text,
    headers: { [TEST_EMAIL_HEADER]: "true", [SENDER_PROFILE_HEADER]: profile.id },
  });
}
