import { describe, expect, it } from "vitest";
import { buildTestEmail } from "./test-email-content";

const context = {
  profileName: `Tom & Jerry's <News>`,
  fromAddress: '"Acme" <news@acme.test>',
  replyTo: null,
  connectorName: "Local inbox",
  connectorType: "DEV_INBOX",
  requestedBy: "admin@acme.test",
  sentAt: new Date("2030-01-02T03:04:05.000Z"),
};

describe("buildTestEmail", () => {
  it("names the profile in the subject and escapes every value in the HTML", () => {
    const email = buildTestEmail(context);
    expect(email.subject).toBe("EmailOps test email from Tom & Jerry's <News>");
    expect(email.html).toContain("Tom &amp; Jerry&#39;s &lt;News&gt;");
    expect(email.html).toContain("&quot;Acme&quot; &lt;news@acme.test&gt;");
    expect(email.html).not.toContain("<News>");
    expect(email.html).toContain("<title>EmailOps test email from Tom &amp; Jerry&#39;s &lt;News&gt;</title>");
  });

  it("writes a plain-text part with aligned details and the unset reply-to spelled out", () => {
    const { text } = buildTestEmail(context);
    expect(text).toContain(`sender profile "Tom & Jerry's <News>"`);
    expect(text).toContain("Reply-to:        (not set)");
    expect(text).toContain("Email connector: Local inbox (DEV_INBOX)");
    expect(text).toContain("Sent at:         2030-01-02T03:04:05.000Z");
  });
});
