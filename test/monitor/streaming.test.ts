import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// 200k events make a ~26 MB file. With the JS heap capped at 32 MB, a reader that held the file (or
// even just its lines) would abort; a streaming one reads it at the same memory as a small file.
const EVENTS = 200_000;
const HEAP_MB = 32;

describe('monitor streams its input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hg-monitor-stream-'));
  const path = join(dir, 'events.ndjson');
  const start = Date.UTC(2026, 11, 4);
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = start + i * 400;
    const event = i % 2 === 0 ? 'payment_initiated' : i % 20 === 1 ? 'payment_fail' : 'payment_success';
    lines.push(JSON.stringify({ event, properties: { brandName: 'Swiggy', amount: 500, productId: 'p-1234', paymentMode: 'UPI' }, timestamp: i % 4 < 2 ? t : new Date(t).toISOString() }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  lines.length = 0;

  it(`reads ${EVENTS.toLocaleString('en')} events with the heap capped at ${HEAP_MB} MB`, async () => {
    expect(statSync(path).size).toBeGreaterThan(HEAP_MB * 1024 * 1024 * 0.75);
    const r = await runCli(['monitor', '--events', path, '--format', 'json'], { cwd: dir, env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.checks[0].findings[1].evidence).toMatchObject({ lines: EVENTS, counted: EVENTS, malformed: 0 });
    expect(report.checks[1].findings[0].evidence).toMatchObject({ initiated: EVENTS / 2, fail: EVENTS / 20 });
  });

  it('control: under the same cap, holding the lines of the file aborts (so the test above can fail)', () => {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '-e', `require('fs').readFileSync(${JSON.stringify(path)}, 'utf8').split('\\n').map((l) => l && JSON.parse(l))`], { stdio: 'ignore' });
    expect(r.status === 0 && r.signal === null).toBe(false);
  });
});
