/**
 * A per-process cap on recipients claimed (`sending`) but not yet recorded, shared by every send job of one email
 * connector. Claims then track what the provider can really have on the wire, so a worker killed mid-send leaves only
 * that many recipients `unconfirmed` instead of every job's whole chunk.
 */
export class ClaimPermits {
  private available: number;
  private waiters: (() => void)[] = [];

  constructor(readonly size: number) {
    this.available = size;
  }

  /** Waits for at least one permit, then takes up to `wanted`. */
  async acquireUpTo(wanted: number): Promise<number> {
    while (this.available === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const granted = Math.min(wanted, this.available);
    this.available -= granted;
    return granted;
  }

  release(count: number): void {
    this.available += count;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

/** Claims in flight per provider: a few rounds of what it sends in parallel, so the next claim is ready in time. */
const PIPELINE_DEPTH = 4;
const MIN_PERMITS = 20;
const permitsByConnector = new Map<string, ClaimPermits>();

export function claimPermitsFor(connectorId: string, maxInFlight: number): ClaimPermits {
  const size = Math.max(MIN_PERMITS, maxInFlight * PIPELINE_DEPTH);
  let permits = permitsByConnector.get(connectorId);
  if (!permits || permits.size !== size) {
    permits = new ClaimPermits(size);
    permitsByConnector.set(connectorId, permits);
  }
  return permits;
}
