export interface TestEmailContext {
  profileName: string;
  fromAddress: string;
  replyTo: string | null;
  connectorName: string;
  connectorType: string;
  requestedBy: string;
  sentAt: Date;
}

export interface TestEmailContent {
  subject: string;
  html: string;
  text: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function testEmailSubject(profileName: string): string {
  return `EmailOps test email from ${profileName}`;
}

/** A small, self-contained test message: inline styles only, since mail clients drop <style> blocks and classes. */
export function buildTestEmail(context: TestEmailContext): TestEmailContent {
  const rows: [string, string][] = [
    ["Sender profile", context.profileName],
    ["From", context.fromAddress],
    ["Reply-to", context.replyTo ?? "(not set)"],
    ["Email connector", `${context.connectorName} (${context.connectorType})`],
    ["Requested by", context.requestedBy],
    ["Sent at", context.sentAt.toISOString()],
  ];
  const subject = testEmailSubject(context.profileName);
  const tableRows = rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:6px 12px 6px 0;color:#6b7280;white-space:nowrap;vertical-align:top">${escapeHtml(label)}</td>` +
        `<td style="padding:6px 0;color:#111827;word-break:break-all">${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;border:1px solid #e5e7eb">
<tr><td style="padding:24px">
<h1 style="margin:0 0 8px;font-size:20px;color:#111827">It works!</h1>
<p style="margin:0 0 16px;font-size:14px;line-height:1.5;color:#374151">This test email was sent by EmailOps through the sender profile <strong>${escapeHtml(context.profileName)}</strong>. If you can read it, the profile and its email connector are set up correctly.</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:13px;line-height:1.4">${tableRows}</table>
</td></tr>
</table>
<p style="text-align:center;margin:16px 0 0;font-size:12px;color:#9ca3af">Sent by EmailOps. No action is needed.</p>
</body>
</html>`;
  const width = Math.max(...rows.map(([label]) => label.length));
  const text = [
    "It works!",
    "",
    `This test email was sent by EmailOps through the sender profile "${context.profileName}".`,
    "If you can read it, the profile and its email connector are set up correctly.",
    "",
    ...rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`),
    "",
    "Sent by EmailOps. No action is needed.",
  ].join("\n");
  return { subject, html, text };
}
