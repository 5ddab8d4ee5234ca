import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { monitorSchema } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';
import { loadMonitorThresholds } from '../../src/monitor/config.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-monitor-config-'));
let n = 0;
const configFile = (monitorBlock: string) => {
  const path = join(dir, `c${++n}.yaml`);
  writeFileSync(path, `version: 1\nenvironments:\n  production:\n    clientId: c1\n${monitorBlock}`);
  return path;
};
const errorOf = (path: string) => {
  try {
    loadMonitorThresholds(path, {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('monitor thresholds in hubble.config.yaml', () => {
  it('has documented defaults', () => {
    expect(monitorSchema.parse({})).toEqual({
      window: '1h',
      maxBadLineRate: 0.01,
      payments: { minSuccessRate: 0.9, minSample: 20 },
      webhooks: { maxFailureRate: 0.05, minSample: 10, warnOnAnyFailure: true },
      sso: { spikeFactor: 3, minIncrease: 0.05, minSample: 20, maxErrorRate: 0.1 },
      vouchers: { riseFactor: 2, minIncrease: 0.02, minSample: 20, maxFailureRate: 0.05 },
    });
  });

  it('reads the monitor: block and keeps the defaults of keys it leaves out', () => {
    const path = configFile('monitor:\n  window: 15m\n  payments:\n    minSuccessRate: 0.95\n');
    const { thresholds, path: used } = loadMonitorThresholds(path, {});
    expect(used).toBe(path);
    expect(thresholds.window).toBe('15m');
    expect(thresholds.payments).toEqual({ minSuccessRate: 0.95, minSample: 20 });
    expect(thresholds.sso.spikeFactor).toBe(3);
  });

  it('a config without monitor: gives the defaults', () => {
    expect(loadMonitorThresholds(configFile(''), {}).thresholds).toEqual(monitorSchema.parse({}));
  });

  it.each([
    ['a misspelt key, with a suggestion', 'monitor:\n  payments:\n    minSucessRate: 0.8\n', /^PATH:7 monitor\.payments\.minSucessRate: unknown key \(did you mean minSuccessRate\?\)$/],
    ['an unknown key under monitor, listing the known ones', 'monitor:\n  alerts: {}\n', /^PATH:6 monitor\.alerts: unknown key; known keys: window, maxBadLineRate, payments, webhooks, sso, vouchers$/],
    ['a percentage written as 90', 'monitor:\n  payments:\n    minSuccessRate: 90\n', /^PATH:7 monitor\.payments\.minSuccessRate: expected a number from 0 to 1, e\.g\. 0\.9 for 90%$/],
    ['a sample size of 0', 'monitor:\n  sso:\n    minSample: 0\n', /^PATH:7 monitor\.sso\.minSample: expected a whole number of at least 1$/],
    ['a window in weeks', 'monitor:\n  window: 1w\n', /^PATH:6 monitor\.window: expected a whole number and s, m, h or d, such as 15m, 1h or 1d$/],
    ['a word for a boolean', 'monitor:\n  webhooks:\n    warnOnAnyFailure: "no"\n', /^PATH:7 monitor\.webhooks\.warnOnAnyFailure: expected true or false, got a string \("no"\)$/],
  ])('names file, line and key: %s', (_name, block, pattern) => {
    const path = configFile(block);
    expect(errorOf(path)).toMatch(new RegExp(pattern.source.replace('PATH', path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))));
  });

  it('validates the whole file, as check does', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'version: 1\nenvironments:\n  production:\n    sso: clasic\n');
    expect(errorOf(path)).toMatch(/:4 environments\.production\.sso: expected "classic" \| "jwt" \| "none".*did you mean classic/);
  });

  it('a --config (or $HUBBLE_CONFIG) that does not exist is an error; no file is needed otherwise', () => {
    expect(errorOf(join(dir, 'missing.yaml'))).toMatch(/missing\.yaml: no such file \(monitor needs no config file/);
    expect(() => loadMonitorThresholds(undefined, { HUBBLE_CONFIG: join(dir, 'missing.yaml') })).toThrow(/no such file/);
  });

  it('the commented monitor block of hubble.config.example.yaml, uncommented, is valid and states the defaults', () => {
    const example = readFileSync(new URL('../../hubble.config.example.yaml', import.meta.url), 'utf8');
    const start = example.indexOf('# monitor:');
    expect(start).toBeGreaterThan(0);
    // The block runs from "# monitor:" to the first line that is not a comment.
    const lines = example.slice(start).split('\n');
    const end = lines.findIndex((l) => !l.startsWith('#'));
    const block = lines.slice(0, end === -1 ? undefined : end).map((l) => l.slice(2)).join('\n');
    const uncommented = `${example.slice(0, start)}${block}\n`;
    parseConfig(uncommented, 'example', { env: {} });
    const path = join(dir, 'example-uncommented.yaml');
    writeFileSync(path, uncommented);
    expect(loadMonitorThresholds(path, {}).thresholds).toEqual(monitorSchema.parse({}));
  });
});
