import { describe, expect, it } from "vitest";
import { ClaimPermits, claimPermitsFor } from "./claim-permits";

describe("claim permits", () => {
  it("grants at most what is available and makes later callers wait until permits are released", async () => {
    const permits = new ClaimPermits(10);
    expect(await permits.acquireUpTo(7)).toBe(7);
    expect(await permits.acquireUpTo(7)).toBe(3);
    let granted: number | null = null;
    const waiting = permits.acquireUpTo(5).then((n) => (granted = n));
    await Promise.resolve();
    expect(granted).toBeNull();
    permits.release(4);
    await waiting;
    expect(granted).toBe(4);
  });

  it("sizes one shared pool per connector from what the provider has in flight", () => {
    expect(claimPermitsFor("connector-a", 10).size).toBe(40);
    expect(claimPermitsFor("connector-a", 10)).toBe(claimPermitsFor("connector-a", 10));
    expect(claimPermitsFor("connector-b", 1).size).toBe(20);
  });
});
