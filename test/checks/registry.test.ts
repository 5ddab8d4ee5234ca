import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';

const checksDir = fileURLToPath(new URL('../../checks/', import.meta.url));

describe('built-in check registry', () => {
  it('gives every check a unique id', () => {
    const ids = builtinChecks.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(builtinChecks.map((c) => [c.id, c] as const))('%s has real explain text', (_id, check) => {
    expect(check.title.trim()).not.toBe('');
    for (const text of [check.explain.verifies, check.explain.why, ...check.explain.fixes]) {
      // The skeleton's placeholder was "TODO"; a sentence that helps someone is longer than that.
      expect(text.trim().length).toBeGreaterThan(20);
    }
    expect(check.explain.fixes.length).toBeGreaterThan(0);
  });

  it.each(builtinChecks.map((c) => [c.id] as const))('%s lives in checks/<id with "-">.ts', (id) => {
    expect(existsSync(`${checksDir}${id.replace('.', '-')}.ts`)).toBe(true);
  });

  it('lists the offline checks first, in SPEC order, none using the network', () => {
    const offline = ['credentials.present', 'credentials.isolated', 'credentials.not-hardcoded', 'urls.hubble', 'urls.partner', 'sdk.url'];
    expect(builtinChecks.slice(0, offline.length).map((c) => c.id)).toEqual(offline);
    expect(builtinChecks.slice(0, offline.length).every((c) => !c.network && !c.mutates)).toBe(true);
  });
});
