import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

export const DEMO_ADMIN = { email: "admin@emailops.local", password: "emailops-demo" };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: inject("e2e").baseURL, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Signs in through next-auth's credentials endpoint (CSRF token first), as a browser form post would. */
export async function signInThroughApi(context: BrowserContext, credentials = DEMO_ADMIN): Promise<void> {
  const csrf = await context.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: credentials.email, password: credentials.password, json: "true" },
  });
  if (!response.ok()) throw new Error(`sign-in failed with HTTP ${response.status()}`);
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  if (session.user?.email !== credentials.email) throw new Error("sign-in did not create a session");
}

export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true }).catch(() => undefined);
}
