import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useColor, useSpinner, writeFileAtomic } from '../../src/commands/output.js';
import { UsageError } from '../../src/errors.js';

describe('useColor', () => {
  it.each([
    ['a TTY', { isTTY: true }, {}, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['NO_COLOR on a TTY', { isTTY: true }, { NO_COLOR: '1' }, false],
    ['CI on a TTY', { isTTY: true }, { CI: 'true' }, false],
    ['TERM=dumb', { isTTY: true }, { TERM: 'dumb' }, false],
    ['FORCE_COLOR in a pipe', { isTTY: false }, { FORCE_COLOR: '1' }, true],
    ['NO_COLOR beats FORCE_COLOR', { isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('%s', (_name, stream, env, expected) => expect(useColor(stream, env)).toBe(expected));
});

describe('useSpinner', () => {
  it.each([
    ['a TTY with a width', { isTTY: true, columns: 80 }, {}, true],
    ['a TTY with 0 columns (script, docker -t): it would redraw forever', { isTTY: true, columns: 0 }, {}, false],
    ['a pipe', { isTTY: false, columns: 80 }, {}, false],
    ['CI', { isTTY: true, columns: 80 }, { CI: '1' }, false],
  ])('%s', (_name, stream, env, expected) => expect(useSpinner(stream as never, env)).toBe(expected));
});

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-out-'));
    writeFileAtomic(join(dir, 'r.json'), '{}');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
  it('never overwrites without being told to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-out-'));
    writeFileSync(join(dir, 'r.json'), 'mine');
    expect(() => writeFileAtomic(join(dir, 'r.json'), 'theirs', { overwrite: false })).toThrow(UsageError);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});
