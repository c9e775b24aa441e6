import postgres from "postgres";
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { signIn, browserPagePerTest } from "./browser";

const { databaseUrl } = inject("e2e");
const session = browserPagePerTest();
let page: Page;
beforeEach(() => {
  page = session.page;
});


async function replaceSql(sql: string): Promise<void> {
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(sql);
}

async function customersWithCreditsBelow(limit: number): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1 });
  try {
    const [row] = await sql<[{ n: number }]>`select count(*)::int as n from demo.customers where credits < ${limit}`;
    return row.n;
  } finally {
    await sql.end();
  }
}

describe("segment editor journey", () => {
  it("writes a SQL segment, previews it on the demo warehouse, shows refused SQL at its position, and saves it", async () => {
    await signIn(page);
    await page.getByRole("link", { name: "Segments", exact: true }).click();
    await page.getByRole("link", { name: "New segment" }).or(page.getByRole("button", { name: "New segment" })).first().click();
    await page.waitForURL(/\/segments\/new/);

    await page.getByLabel("Name", { exact: true }).fill("Low credits (e2e)");
    await page.getByLabel("Data connector").click();
    await page.getByRole("option", { name: /Demo warehouse/ }).click();

    await replaceSql("select subject_id, email, first_name\nfrom demo.customers\nwhere credits < :max_credits");
    await page.getByLabel(":max_credits").fill("5");
    await page.getByRole("button", { name: "Run preview" }).click();
    const expected = await customersWithCreditsBelow(5);
    expect(expected).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId("segment-preview-count").textContent(), { timeout: 15_000 })
      .toBe(new Intl.NumberFormat().format(expected));
    await expect.poll(() => page.getByRole("cell", { name: /^[^@\s]+@example\.(com|org|net)$/ }).count()).toBeGreaterThan(0);

    await replaceSql("select subject_id, email from demo.customers;\ndelete from demo.customers");
    await page.getByRole("button", { name: "Run preview" }).click();
    const problem = page.getByTestId("segment-sql-problem");
    await expect.poll(() => problem.textContent(), { timeout: 15_000 }).toMatch(/statement/i);
    await expect.poll(() => page.locator(".cm-segment-sql-error").count()).toBeGreaterThan(0);
    expect(await customersWithCreditsBelow(1_000_000_000)).toBeGreaterThan(10_000);

    await replaceSql("select subject_id, email, first_name\nfrom demo.customers\nwhere credits < :max_credits");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);

    await page.getByRole("link", { name: "Segments", exact: true }).click();
    await expect.poll(() => page.getByRole("cell", { name: "Low credits (e2e)" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("cell", { name: "Demo warehouse" }).count()).toBeGreaterThan(0);
  });
});
