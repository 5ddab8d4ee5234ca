/**
 * Counts per time window. Windows are fixed-length slices of time starting at --since (or, without
 * it, at the Unix epoch, so 1h windows start on the hour and 1d windows at 00:00 UTC). Only windows
 * that hold something are stored, so memory grows with the windows covered, never with the events.
 */

/** Every counter of a window. */
export const COUNTERS = [
  'paymentInitiated', 'paymentSuccess', 'paymentFail',
  'voucherSuccess', 'voucherFail',
  'voucherLogSuccess', 'voucherLogFail', 'voucherLogReversed',
  'webhookOk', 'webhookFailed',
  'ssoOk', 'ssoFailed',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const emptyCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

/** One window and what happened in it. */
export interface WindowCounts {
  /** Position from the origin; consecutive windows have consecutive indexes. */
  index: number;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive (clipped to --until). */
  end: number;
  counts: Counts;
}

/** The span the report covers. */
export interface Range {
  /** Where window 0 starts: --since, else the Unix epoch. */
  origin: number;
  /** --since, else the first record. */
  start: number;
  /** --until (exclusive), else the last record (inclusive). */
  end: number;
  firstIndex: number;
  lastIndex: number;
}

/** Reasons of failures, for evidence: the most frequent first, capped. */
export class TopCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly maxDistinct = 200) {}

  add(key: string): void {
    const known = this.counts.get(key);
    if (known !== undefined) this.counts.set(key, known + 1);
    else if (this.counts.size < this.maxDistinct) this.counts.set(key, 1);
    else this.counts.set('(other)', (this.counts.get('(other)') ?? 0) + 1);
  }

  get size(): number {
    return this.counts.size;
  }

  /** The `n` most frequent, as a plain object for evidence. */
  top(n = 5): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n));
  }
}

export type ReasonKind = 'payment' | 'webhook' | 'sso' | 'voucher' | 'voucherBrand';

/** Accumulates counts per window; records outside --since/--until are refused. */
export class WindowedCounts {
  readonly total = emptyCounts();
  readonly reasons: Record<ReasonKind, TopCounter> = {
    payment: new TopCounter(), webhook: new TopCounter(), sso: new TopCounter(), voucher: new TopCounter(), voucherBrand: new TopCounter(),
  };
  private readonly buckets = new Map<number, Counts>();
  private readonly origin: number;
  private lastIndex = NaN;
  private lastBucket: Counts | undefined;
  private minTs = Infinity;
  private maxTs = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly since?: number,
    readonly until?: number,
  ) {
    this.origin = since ?? 0;
  }

  /** Whether `ts` is inside --since (inclusive) and --until (exclusive). */
  inRange(ts: number): boolean {
    return (this.since === undefined || ts >= this.since) && (this.until === undefined || ts < this.until);
  }

  /** Counts one occurrence; false (and nothing counted) when `ts` is out of range. */
  add(ts: number, counter: Counter, reason?: { kind: ReasonKind; text: string }): boolean {
    if (!this.inRange(ts)) return false;
    const index = Math.floor((ts - this.origin) / this.windowMs);
    // Exports are mostly in time order: the window of the previous record is the likely one.
    let bucket = index === this.lastIndex ? this.lastBucket : this.buckets.get(index);
    if (!bucket) this.buckets.set(index, (bucket = emptyCounts()));
    this.lastIndex = index;
    this.lastBucket = bucket;
    bucket[counter]++;
    this.total[counter]++;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
    if (reason) this.reasons[reason.kind].add(reason.text);
    return true;
  }

  /** The covered span, or undefined when nothing was counted. */
  range(): Range | undefined {
    if (this.buckets.size === 0) return undefined;
    const start = this.since ?? this.minTs;
    const end = this.until ?? this.maxTs;
    return { origin: this.origin, start, end, firstIndex: this.indexOf(start), lastIndex: this.indexOf(this.until !== undefined ? end - 1 : end) };
  }

  /** Windows that hold something, oldest first. Empty windows of the range are absent. */
  windows(): WindowCounts[] {
    const end = this.until ?? Infinity;
    return [...this.buckets.keys()]
      .sort((a, b) => a - b)
      .map((index) => {
        const start = this.origin + index * this.windowMs;
        return { index, start, end: Math.min(start + this.windowMs, end), counts: this.buckets.get(index)! };
      });
  }

  private indexOf(ts: number): number {
    return Math.floor((ts - this.origin) / this.windowMs);
  }
}
