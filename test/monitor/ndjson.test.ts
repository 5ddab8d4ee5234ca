import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { readNdjson, type ReadOptions } from '../../src/monitor/ndjson.js';
import { parseSdkEvent } from '../../src/monitor/records.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-ndjson-'));
let n = 0;
const file = (text: string | Buffer, name = `f${++n}.ndjson`) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ev = (i: number) => JSON.stringify({ event: 'payment_initiated', properties: {}, timestamp: 1_796_378_400_000 + i });
const lines = (count: number, bad: Set<number> = new Set()) =>
  Array.from({ length: count }, (_, i) => (bad.has(i + 1) ? '{"event": "payment_in' : ev(i))).join('\n') + '\n';
const OPTS: ReadOptions = { maxBadLineRate: 0.01, what: 'an SDK event' };
const read = (path: string, options: Partial<ReadOptions> = {}) => {
  const seen: unknown[] = [];
  return readNdjson(path, (v) => void seen.push(parseSdkEvent(v)), { ...OPTS, ...options }).then((stats) => ({ stats, seen }));
};
const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
};

describe('reading NDJSON', () => {
  it('reads every line, ignoring blank lines, CRLF and a byte-order mark', async () => {
    const path = file(`\uFEFF${ev(1)}\r\n\r\n${ev(2)}\r\n   \n${ev(3)}`);
    const { stats, seen } = await read(path);
    expect(seen).toHaveLength(3);
    expect(stats).toMatchObject({ lines: 5, records: 3, malformed: 0, firstErrors: [] });
  });

  it('skips a cut-off last line (a small share) and reports it as file:line', async () => {
    const path = file(lines(200, new Set([200])));
    const { stats } = await read(path);
    expect(stats.records).toBe(199);
    expect(stats.malformed).toBe(1);
    expect(stats.firstErrors).toEqual([`${path}:200: not JSON (Unterminated string in JSON at position 21)`]);
  });

  it('tolerates one bad line even in a short file', async () => {
    const { stats } = await read(file(lines(10, new Set([4]))));
    expect(stats.malformed).toBe(1);
  });

  it('refuses a file with more malformed lines than monitor.maxBadLineRate, naming the first', async () => {
    const path = file(lines(100, new Set([7, 20, 30])));
    expect(await errorOf(read(path))).toBe(
      `${path}: 3 of 100 lines are malformed (3%, more than monitor.maxBadLineRate 1%); first: ${path}:7: not JSON (Unterminated string in JSON at position 21)`,
    );
  });

  it('maxBadLineRate 0 tolerates no bad line', async () => {
    expect(await errorOf(read(file(lines(100, new Set([50]))), { maxBadLineRate: 0 }))).toMatch(/1 of 100 lines are malformed/);
  });

  it.each<[string, string | Buffer, RegExp]>([
    ['CSV', 'timestamp,event\n2026-12-04,payment_success\n', /^PATH:1: not NDJSON \(one JSON object a line\): not JSON \(Unexpected token/],
    ['a JSON array', '[\n  {"event": "payment_success"}\n]\n', /^PATH:1: a JSON array, not NDJSON \(one JSON object a line\); convert it with: jq -c '\.\[\]' PATH > /],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]), /^PATH: a binary file \(not NDJSON/],
    ['JSON objects of another kind (a webhook log given as --events)', '{"timestamp":1796378400000,"status":200}\n', /^PATH:1: no "event"; expected an event name .* \(no line of PATH is an SDK event\)$/],
  ])('refuses a file that is not NDJSON events: %s', async (_name, text, pattern) => {
    const path = file(text);
    const message = await errorOf(read(path));
    expect(message).toMatch(new RegExp(pattern.source.replaceAll('PATH', path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))));
  });

  it('stops early on a large file whose first lines are all bad', async () => {
    const path = file(`${'not json at all\n'.repeat(20)}${lines(1000)}`);
    expect(await errorOf(read(path))).toMatch(/:1: not NDJSON/);
  });

  it('refuses a line too long to be an event instead of buffering it, naming its line', async () => {
    const path = file(`${ev(1)}\n${ev(2)}\n{"event":"x","pad":"${'a'.repeat(5000)}"}\n`);
    expect(await errorOf(read(path, { maxLineBytes: 1024 }))).toBe(`${path}:3: line longer than 1 KiB (not NDJSON: expected one JSON object a line)`);
  });

  it('unpacks gzip by its magic bytes', async () => {
    const { stats } = await read(file(gzipSync(lines(50)), 'events.ndjson.gz'));
    expect(stats.records).toBe(50);
  });

  it('names a corrupt gzip file', async () => {
    const gz = gzipSync(lines(500));
    const path = file(Buffer.concat([gz.subarray(0, 40), Buffer.alloc(200, 7)]), 'bad.gz');
    expect(await errorOf(read(path))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a valid gzip file`));
  });

  it('names a missing file and a directory', async () => {
    expect(await errorOf(read(join(dir, 'nope.ndjson')))).toBe(`${join(dir, 'nope.ndjson')}: no such file`);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(await errorOf(read(sub))).toBe(`${sub}: is a directory; expected an NDJSON file`);
  });

  it('reads stdin for "-", naming it stdin in errors', async () => {
    const { stats } = await read('-', { stdin: Readable.from([Buffer.from(lines(3))]) });
    expect(stats).toMatchObject({ file: 'stdin', records: 3 });
    expect(await errorOf(read('-', { stdin: Readable.from([Buffer.from('nope\n')]) }))).toMatch(/^stdin:1: not NDJSON/);
  });

  it('an empty file is no error: nothing was read', async () => {
    const { stats } = await read(file(''));
    expect(stats).toMatchObject({ lines: 0, records: 0, malformed: 0 });
  });
});
