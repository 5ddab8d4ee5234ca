import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopCounter, WindowedCounts } from '../../src/monitor/metrics.js';
import { runMonitor, type MonitorOptions } from '../../src/monitor/run.js';
import { DAY0, defaults, eventsNdjson, HOUR, payments } from './fixtures.js';

const at = (h: number, m = 0) => DAY0 + h * HOUR + m * 60_000;
const summary = (c: WindowedCounts) => c.windows().map((w) => [new Date(w.start).toISOString().slice(11, 16), w.counts.paymentInitiated]);

describe('windowing', () => {
  it('puts each record in the window of its time, whatever the order of the file', () => {
    const times = [at(10, 5), at(12, 59), at(10, 59), at(11, 0), at(12, 0), at(10, 0)];
    const forward = new WindowedCounts(HOUR);
    const shuffled = new WindowedCounts(HOUR);
    for (const t of [...times].sort((a, b) => a - b)) forward.add(t, 'paymentInitiated');
    for (const t of times) shuffled.add(t, 'paymentInitiated');
    expect(summary(shuffled)).toEqual([['10:00', 3], ['11:00', 1], ['12:00', 2]]);
    expect(shuffled.windows()).toEqual(forward.windows());
    expect(shuffled.range()).toEqual(forward.range());
  });

  it('a record exactly on a boundary opens the next window', () => {
    const c = new WindowedCounts(HOUR);
    c.add(at(10, 59) + 59_999, 'paymentInitiated');
    c.add(at(11), 'paymentInitiated');
    expect(summary(c)).toEqual([['10:00', 1], ['11:00', 1]]);
  });

  it('stores only windows that hold something, and the range still counts the empty ones', () => {
    const c = new WindowedCounts(HOUR);
    c.add(at(10, 5), 'paymentInitiated');
    c.add(at(13, 10), 'paymentInitiated');
    expect(c.windows()).toHaveLength(2);
    const r = c.range()!;
    expect(r.lastIndex - r.firstIndex + 1).toBe(4);
    expect([r.start, r.end]).toEqual([at(10, 5), at(13, 10)]);
  });

  it('1d windows start at 00:00 UTC; 15m windows on the quarter', () => {
    const day = new WindowedCounts(24 * HOUR);
    day.add(at(23, 59), 'ssoOk');
    day.add(at(24, 1), 'ssoOk');
    expect(day.windows().map((w) => new Date(w.start).toISOString())).toEqual(['2026-12-04T00:00:00.000Z', '2026-12-05T00:00:00.000Z']);
    const quarter = new WindowedCounts(15 * 60_000);
    quarter.add(at(10, 44), 'ssoOk');
    expect(new Date(quarter.windows()[0]!.start).toISOString()).toBe('2026-12-04T10:30:00.000Z');
  });

  it('--since is inclusive and starts the first window; --until is exclusive and clips the last', () => {
    const c = new WindowedCounts(HOUR, at(10, 30), at(12, 15));
    expect(c.add(at(10, 29), 'paymentInitiated')).toBe(false);
    expect(c.add(at(10, 30), 'paymentInitiated')).toBe(true);
    expect(c.add(at(12, 14), 'paymentInitiated')).toBe(true);
    expect(c.add(at(12, 15), 'paymentInitiated')).toBe(false);
    expect(c.windows().map((w) => [w.start, w.end])).toEqual([[at(10, 30), at(11, 30)], [at(11, 30), at(12, 15)]]);
    expect(c.total.paymentInitiated).toBe(2);
    expect(c.range()).toMatchObject({ start: at(10, 30), end: at(12, 15) });
  });

  it('nothing counted: no range and no window', () => {
    const c = new WindowedCounts(HOUR);
    expect(c.range()).toBeUndefined();
    expect(c.windows()).toEqual([]);
  });

  it('caps the distinct failure reasons it keeps, counting the rest as (other)', () => {
    const top = new TopCounter(2);
    for (const r of ['a', 'a', 'b', 'c', 'd']) top.add(r);
    expect(top.top(5)).toEqual({ a: 2, '(other)': 2, b: 1 });
  });
});

describe('runMonitor over files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hg-monitor-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const run = (events: string, extra: Partial<MonitorOptions> = {}) =>
    runMonitor({ inputs: { events }, windowMs: HOUR, thresholds: defaults(), ...extra });

  it('counts ISO and epoch-ms timestamps of the same instant in the same window', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const path = file('mixed.ndjson', eventsNdjson([
      ['payment_initiated', at(10, 1)], ['payment_success', iso(at(10, 2))],
      ['payment_initiated', iso(at(10, 3)).replace('Z', '')], ['payment_fail', String(at(10, 4))],
    ]));
    const { data } = await run(path);
    expect(data.windows).toHaveLength(1);
    expect(data.windows[0]!.counts).toMatchObject({ paymentInitiated: 2, paymentSuccess: 1, paymentFail: 1 });
  });

  it('gives the same result for a file and its lines shuffled', async () => {
    const lines = eventsNdjson([...payments(at(9), 30, 29), ...payments(at(10), 30, 20), ...payments(at(11), 30, 30)]).trim().split('\n');
    const shuffled = [...lines];
    let seed = 7;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; // a fixed shuffle: the test must not depend on luck
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(shuffled).not.toEqual(lines);
    const a = await run(file('sorted.ndjson', `${lines.join('\n')}\n`));
    const b = await run(file('shuffled.ndjson', `${shuffled.join('\n')}\n`));
    expect(b.data.windows).toEqual(a.data.windows);
    expect(b.results.map((r) => [r.id, r.status])).toEqual(a.results.map((r) => [r.id, r.status]));
    expect(a.results.find((r) => r.id === 'monitor.payment-success-rate')!.status).toBe('fail');
  });

  it('reports the windows without any record and the records outside --since/--until', async () => {
    const path = file('gaps.ndjson', eventsNdjson([...payments(at(8), 5, 5), ...payments(at(10), 25, 25), ...payments(at(14), 25, 25)]));
    const { results, data } = await run(path, { since: at(9), until: at(15) });
    const input = results[0]!;
    expect(input.id).toBe('monitor.input');
    expect(input.findings[0]!.message).toBe('judged 2026-12-04 09:00–15:00 UTC in 6 windows of 1h (4 without any record)');
    expect(input.findings[1]!.evidence).toMatchObject({ outsideRange: 10, counted: 100 });
    expect(data.total.paymentInitiated).toBe(50);
  });

  it('tallies unknown event names without failing, and skips SDK actions', async () => {
    const path = file('unknown.ndjson', `${eventsNdjson([['cart_abandoned', at(10)], ['cart_abandoned', at(10)], ['payment_initiated', at(10)]])}{"type":"action","action":"close","timestamp":${at(10)}}\n`);
    const { results } = await run(path);
    const f = results[0]!.findings[1]!;
    expect(f.status).toBe('pass');
    expect(f.message).toContain('2 with an event name Hubble does not document (most often cart_abandoned, 2×)');
    expect(f.evidence).toMatchObject({ unknownEvents: { cart_abandoned: 2 }, ignored: 3, counted: 1 });
  });

  it('an empty events file is nothing to judge: every metric skips', async () => {
    const { results } = await run(file('empty.ndjson', ''));
    expect(results.map((r) => r.status)).toEqual(['warn', 'skip', 'skip', 'skip', 'skip']);
    expect(results[0]!.findings[0]!.message).toMatch(/^no record of any input file falls in a metric/);
  });

  it('refuses two inputs on stdin and an empty --since/--until span', async () => {
    await expect(runMonitor({ inputs: { events: '-', sso: '-' }, windowMs: HOUR, thresholds: defaults() })).rejects.toThrow('only one input can be read from stdin ("-"); got --events and --sso');
    await expect(run(file('x.ndjson', ''), { since: at(10), until: at(10) })).rejects.toThrow('--since must be before --until');
  });
});
