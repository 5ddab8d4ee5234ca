import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { createLimit, demo, statusOf } from './run-demo.js';

/** Two demo processes at a time: more would starve each other of CPU on a 2-core machine and skew timings. */
const limit = createLimit(2);

// Every fault, and the check that must catch it (SPEC 6: "so that every check can be seen failing").
describe.concurrent('demo --faults F: each fault is caught by the check that must catch it', () => {
  it.each([
    ['legacy-tls', [], { 'tls.protocol': 'fail' }],
    ['tls11-only', [], { 'tls.protocol': 'fail' }],
    ['expired-cert', [], { 'tls.certificate': 'fail' }],
    ['any-secret', [], { 'auth.hubble-secret': 'fail' }],
    ['staging-secret', [], { 'auth.hubble-secret': 'fail', 'webhook.signature': 'fail' }],
    ['unsigned-webhooks', [], { 'webhook.signature': 'fail' }],
    ['mock-sso', [], { 'sso.contract': 'fail' }],
    ['debit-not-idempotent', [], { 'coins.contract': 'fail' }],
    // A slow answer warns (over 2 s, or half of --timeout); a hung or missing route fails.
    ['slow=2100', ['--timeout', '8000'], { 'network.reachability': 'warn' }],
    ['hang', ['--timeout', '1000'], { 'network.reachability': 'fail' }],
    ['missing-route', [], { 'network.reachability': 'fail' }],
  ] as const)('%s', async (fault, extra, expected) => {
    const r = await limit(() => demo(['--faults', fault, '--only', Object.keys(expected).join(','), '--format', 'json', ...extra]));
    expect(r.stderr).not.toMatch(/^hubble-golive: /m);
    const report = JSON.parse(r.stdout) as Report;
    const seen = Object.fromEntries(Object.keys(expected).map((id) => [id, statusOf(report, id)]));
    expect(seen).toEqual(expected);
    expect(r.leftovers).toEqual([]);
  });
});
