import { sendTestEmail } from "@/server/domain/sender-profiles/send-test-email";
import { createDispatcher } from "../dispatch";

export const sendProcessor = createDispatcher("send", {
  "send-test-email": sendTestEmail,
});
