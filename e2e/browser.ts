import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";

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

async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true }).catch(() => undefined);
}

/**
 * One browser per test file and a fresh context + page per test, with a screenshot in e2e/artifacts when a test
 * fails. Read `.page` inside tests (it changes per test).
 */
export function browserPagePerTest(): { readonly page: Page } {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());
  beforeEach(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await screenshotOnFailure(page, task.name.replace(/\W+/g, "-"));
    await context.close();
  });
  return {
    get page() {
      return page;
    },
  };
}

/** An API key for the e2e database, made the way an operator would: with the CLI, which prints it last. */
export async function createApiKeyWithCli(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "src/cli/index.ts", "create-api-key", "--name", name], {
    env: { ...process.env, DATABASE_URL: inject("e2e").databaseUrl, LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  const key = stdout.trim().split("\n").at(-1) ?? "";
  if (!key.startsWith("eo_")) throw new Error(`create-api-key printed no key: ${stdout}`);
  return key;
}

/** Signs in through the login form as a user would, and waits for the dashboard. */
export async function signIn(page: Page, credentials = DEMO_ADMIN): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
