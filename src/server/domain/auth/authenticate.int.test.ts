import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "@/server/lib/errors";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { authenticateWithPassword } from "./authenticate";
import { FREE_ATTEMPTS, LoginThrottle } from "./login-throttle";

let t: TestEnvironment;
let throttle: LoginThrottle;
beforeAll(async () => {
  t = await createTestEnvironment();
  throttle = new LoginThrottle(t.services.redis, t.queuePrefix);
});
afterAll(() => t.teardown());
beforeEach(() => t.truncate());

const attempt = (email: string, password: string) => authenticateWithPassword(t.services.db, throttle, email, password);

async function failTimes(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) expect(await attempt(email, "wrong-password")).toBeNull();
}

describe("password sign-in throttling", () => {
  it("refuses the attempt after the free ones even with the right password, saying how long to wait", async () => {
    const { email, password } = await createTestUser(t.services);
    await failTimes(email, FREE_ATTEMPTS);

    const refused = await attempt(email, password).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((refused as DomainError).message).toMatch(/Try again in \d+ s\./);
  });

  it("is per email and matches the address case-insensitively", async () => {
    const locked = await createTestUser(t.services);
    const other = await createTestUser(t.services);
    await failTimes(locked.email, FREE_ATTEMPTS);

    await expect(attempt(locked.email.toUpperCase(), locked.password)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await attempt(other.email, other.password)).toMatchObject({ email: other.email });
  });

  it("starts counting again after a successful sign-in", async () => {
    const { email, password } = await createTestUser(t.services);
    await failTimes(email, FREE_ATTEMPTS - 1);
    expect(await attempt(email, password)).toMatchObject({ email });

    await failTimes(email, FREE_ATTEMPTS - 1);
    expect(await attempt(email, password)).toMatchObject({ email });
  });

  it("lets the user in again once the wait is over", async () => {
    const { email } = await createTestUser(t.services);
    await failTimes(email, FREE_ATTEMPTS);
    const now = Date.now();
    expect((await throttle.check(email, now)).allowed).toBe(false);
    expect(await throttle.check(email, now + 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
  });
});
