/** What a fake received, as another process asks for it over HTTP (GET /stats or /_fake/stats). */
export interface FakeDeliveryStats {
  /** Emails accepted, one per recipient of each message. */
  total: number;
  distinctRecipients: number;
  /** Emails beyond the first to the same address: `total - distinctRecipients`. */
  duplicates: number;
  /** Emails per lower-cased address; only when asked for (it can be large). */
  perRecipient?: Record<string, number>;
}

/** Counts accepted emails per recipient address, so crash tests and benchmarks can check "nobody got it twice". */
export class RecipientCounter {
  private readonly counts = new Map<string, number>();
  private totalCount = 0;

  record(address: string): void {
    const key = address.toLowerCase();
    this.totalCount += 1;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  countFor(address: string): number {
    return this.counts.get(address.toLowerCase()) ?? 0;
  }

  stats(includePerRecipient = false): FakeDeliveryStats {
    return {
      total: this.totalCount,
      distinctRecipients: this.counts.size,
      duplicates: this.totalCount - this.counts.size,
      ...(includePerRecipient ? { perRecipient: Object.fromEntries(this.counts) } : {}),
    };
  }

  reset(): void {
    this.counts.clear();
    this.totalCount = 0;
  }
}
