import { sendBatch } from "@/server/domain/single-sends/send-batch";
import { sendTestEmail } from "@/server/domain/sender-profiles/send-test-email";
import { sendTemplateTest } from "@/server/domain/templates/send-template-test";
import { createDispatcher } from "../dispatch";

export const sendProcessor = createDispatcher("send", {
  "send-test-email": sendTestEmail,
  "send-template-test": sendTemplateTest,
  "send-batch": sendBatch,
});
