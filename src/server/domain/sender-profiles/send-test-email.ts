import { eq } from "drizzle-orm";
import { senderProfiles } from "@/server/db/schema";
import { notFound } from "@/server/lib/errors";
import type { ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { resolveEmailConnector } from "../email-connectors/email-connectors";
import { formatMailbox } from "../email-connectors/mailbox";
import { getEmailProvider } from "../email-connectors/provider-cache";
import type { ResolvedEmailConnector } from "../email-connectors/provider";
import { buildTestEmail } from "./test-email-content";

export const TEST_EMAIL_HEADER = "X-EmailOps-Test";
export const SENDER_PROFILE_HEADER = "X-EmailOps-Sender-Profile-Id";

export interface TestMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

export interface TestSender {
  profile: typeof senderProfiles.$inferSelect;
  connector: ResolvedEmailConnector;
  /** Sends from the profile's address through its connector, marked as a test. */
  send: (message: TestMessage) => Promise<{ messageId: string }>;
}

/** A sender profile ready to send test messages; shared by the profile's own test email and template test sends. */
export async function openTestSender(services: Services, senderProfileId: string): Promise<TestSender> {
  const [profile] = await services.db.select().from(senderProfiles).where(eq(senderProfiles.id, senderProfileId));
  if (!profile) throw notFound("Sender profile", senderProfileId);
  const connector = await resolveEmailConnector(services, profile.emailConnectorId);
  const provider = await getEmailProvider(services, profile.emailConnectorId);
  return {
    profile,
    connector,
    send: (message) =>
      provider.send({
        from: profile.fromEmail,
        fromName: profile.fromName,
        ...(profile.replyTo ? { replyTo: profile.replyTo } : {}),
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: { ...message.headers, [TEST_EMAIL_HEADER]: "true", [SENDER_PROFILE_HEADER]: profile.id },
      }),
  };
}

/** Handler of the "send-test-email" job: sends a short test message through a sender profile's connector. */
export async function sendTestEmail(services: Services, payload: ParsedJobPayload<"send-test-email">): Promise<{ messageId: string }> {
  const sender = await openTestSender(services, payload.senderProfileId);
  const content = buildTestEmail({
    profileName: sender.profile.name,
    fromAddress: formatMailbox(sender.profile.fromEmail, sender.profile.fromName),
    replyTo: sender.profile.replyTo,
    connectorName: sender.connector.name,
    connectorType: sender.connector.settings.type,
    requestedBy: payload.requestedBy,
    sentAt: new Date(),
  });
  return sender.send({ to: payload.to, ...content });
}
