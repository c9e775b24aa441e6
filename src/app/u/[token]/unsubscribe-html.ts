const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Self-contained on purpose: no scripts, fonts or stylesheets to load, nothing of the dashboard. */
const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --text: #111827; --muted: #4b5563; --border: #e5e7eb; --accent: #b91c1c; --accent-text: #fff; --focus: #2563eb; }
@media (prefers-color-scheme: dark) { :root { --bg: #0b0f14; --card: #151b23; --text: #f3f4f6; --muted: #9ca3af; --border: #2d3643; --accent: #ef4444; --accent-text: #111; --focus: #60a5fa; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 24px; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: 100%; max-width: 440px; background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 32px; }
h1 { margin: 0 0 12px; font-size: 1.375rem; line-height: 1.3; }
p { margin: 0 0 12px; color: var(--muted); }
strong { color: var(--text); }
form { margin-top: 24px; }
button { width: 100%; padding: 12px 16px; border: 0; border-radius: 8px; background: var(--accent); color: var(--accent-text); font: inherit; font-weight: 600; cursor: pointer; }
button:hover { filter: brightness(1.08); }
button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.small { margin-top: 16px; font-size: 0.875rem; }
`;

export interface UnsubscribePage {
  title: string;
  /** Already-escaped HTML for the page body, below the heading. */
  body: string;
  status: number;
}

export function renderPage({ title, body, status }: UnsubscribePage): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      /** The token in the URL is a credential for this address: keep it out of referrers and search indexes. */
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex, nofollow",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    },
  });
}

interface Recipient {
  maskedEmail: string;
  organizationName: string;
  singleSendName: string;
}

const who = (r: Recipient) => `<strong>${escapeHtml(r.maskedEmail)}</strong>`;
const from = (r: Recipient) => escapeHtml(r.organizationName);

export function confirmationPage(r: Recipient): UnsubscribePage {
  return {
    title: "Unsubscribe from marketing emails?",
    status: 200,
    body: `<p>${who(r)} will no longer receive marketing emails from ${from(r)}.</p>
<p>You received this link in “${escapeHtml(r.singleSendName)}”.</p>
<form method="post">
<input type="hidden" name="confirm" value="unsubscribe">
<button type="submit">Unsubscribe</button>
</form>`,
  };
}

export function unsubscribedPage(r: Recipient): UnsubscribePage {
  return {
    title: "You are unsubscribed",
    status: 200,
    body: `<p>${who(r)} will no longer receive marketing emails from ${from(r)}. You can close this page.</p>`,
  };
}

export function alreadyUnsubscribedPage(r: Recipient): UnsubscribePage {
  return {
    title: "You are already unsubscribed",
    status: 200,
    body: `<p>${who(r)} does not receive marketing emails from ${from(r)}. There is nothing more to do.</p>`,
  };
}

export const invalidLinkPage: UnsubscribePage = {
  title: "This unsubscribe link is not valid",
  status: 404,
  body: `<p>The link may be incomplete or too old. Open it again from the email, making sure the whole link was copied.</p>
<p class="small">If it still does not work, reply to the email and ask to be unsubscribed.</p>`,
};

export const failurePage: UnsubscribePage = {
  title: "Something went wrong",
  status: 500,
  body: `<p>We could not process your request just now. Please try again in a few minutes.</p>`,
};
