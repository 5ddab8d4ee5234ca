/**
 * Streams an NDJSON file line by line (readline over a read stream; gzip is unpacked on the fly) so
 * that memory does not grow with the file. Malformed lines are counted and skipped when they are a
 * small share of the file; a file that is not NDJSON at all is a UsageError naming file:line.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.js';
import { LineError } from './records.js';

/** What reading one file found. */
export interface ReadStats {
  /** The file as the user named it (`-` is `stdin`). */
  file: string;
  /** Lines read, blank ones included. */
  lines: number;
  /** Lines that held a valid record (including ones the caller then ignored). */
  records: number;
  /** Lines skipped as malformed. */
  malformed: number;
  /** The first few malformed lines, as `file:line: reason`. */
  firstErrors: string[];
}

export interface ReadOptions {
  /** Share of non-blank lines that may be malformed (at least one line when above 0); more is a UsageError. */
  maxBadLineRate: number;
  /** A line longer than this (bytes) means the file is not NDJSON. Default 1 MiB. */
  maxLineBytes?: number;
  /** Where `-` reads from (default process.stdin). */
  stdin?: Readable;
  /** What a line should hold, for the message when none does: `an SDK event`. */
  what: string;
  /** Called every 100 000 lines, for a spinner. */
  onProgress?: (lines: number) => void;
}

/** Leading lines that may all be bad before the file is judged not NDJSON without reading the rest. */
const SNIFF_LINES = 20;
const FIRST_ERRORS = 5;
const PROGRESS_EVERY = 100_000;

/**
 * Reads `path` (or `-` for stdin), JSON-parses every non-blank line and hands it to `onRecord`,
 * which may throw a LineError to mark the line malformed. Resolves with the counts.
 */
export async function readNdjson(path: string, onRecord: (value: unknown) => void, options: ReadOptions): Promise<ReadStats> {
  const file = path === '-' ? 'stdin' : path;
  const chain = path === '-' ? [options.stdin ?? process.stdin] : await openFile(path);
  const stats: ReadStats = { file, lines: 0, records: 0, malformed: 0, firstErrors: [] };
  let first: { line: number; reason: string } | undefined;
  let notJson = 0;
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  // The guard stops a line that never ends from being buffered; the line handler applies the
  // same limit to lines that arrived whole.
  const guard = new LineGuard(file, maxLineBytes, () => stats.lines + 1);

  /** Nothing read so far is a record: say whether the file is not NDJSON or holds something else. */
  const unusable = () =>
    notJson === stats.malformed
      ? new UsageError(`${file}:${first!.line}: not NDJSON (one JSON object a line): ${first!.reason}`)
      : new UsageError(`${file}:${first!.line}: ${first!.reason} (no line of ${file} is ${options.what})`);

  await new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: guard, crlfDelay: Infinity });
    let settled = false;
    const stop = (err: unknown) => {
      if (settled) return;
      settled = true;
      rl.close();
      guard.destroy();
      reject(asUsageError(err, file));
    };
    // pipeline destroys every stage when one fails or when the guard is destroyed early;
    // readline re-emits an input error on the interface, so both are listened to.
    pipeline([...chain, guard], (err) => {
      if (err) stop(err);
    });
    rl.on('error', stop);
    rl.on('line', (raw) => {
      if (settled) return;
      const lineNo = ++stats.lines;
      if (options.onProgress && lineNo % PROGRESS_EVERY === 0) options.onProgress(lineNo);
      if (raw.length > maxLineBytes) return stop(tooLong(file, lineNo, maxLineBytes));
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '')) return;
      try {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (err) {
          notJson++;
          throw new LineError(`not JSON (${(err as Error).message.split('\n')[0]})`);
        }
        onRecord(value);
        stats.records++;
      } catch (err) {
        if (!(err instanceof LineError)) return stop(err);
        stats.malformed++;
        first ??= { line: lineNo, reason: err.message };
        if (stats.firstErrors.length < FIRST_ERRORS) stats.firstErrors.push(`${file}:${lineNo}: ${err.message}`);
        if (stats.records === 0 && stats.malformed >= SNIFF_LINES) stop(unusable());
      }
    });
    rl.on('close', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
  });

  if (stats.malformed > 0 && stats.records === 0) throw unusable();
  const nonBlank = stats.records + stats.malformed;
  const allowed = options.maxBadLineRate === 0 ? 0 : Math.max(1, Math.floor(options.maxBadLineRate * nonBlank));
  if (stats.malformed > allowed) {
    throw new UsageError(
      `${file}: ${stats.malformed} of ${nonBlank} lines are malformed (${percent(stats.malformed / nonBlank)}, more than monitor.maxBadLineRate ` +
        `${percent(options.maxBadLineRate)}); first: ${stats.firstErrors[0]}`,
    );
  }
  return stats;
}

const percent = (r: number) => `${(r * 100).toFixed(r < 0.1 ? 2 : 1).replace(/\.?0+$/, '')}%`;

function asUsageError(err: unknown, file: string): Error {
  if (err instanceof UsageError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code?.startsWith('Z_')) return new UsageError(`${file}: not a valid gzip file (${(err as Error).message})`);
  if (err instanceof Error && !code) return err; // a bug of ours: let the CLI report it as one
  return new UsageError(`${file}: cannot read (${code})`);
}

/** The streams that read a file: gzip is unpacked (by its magic bytes, whatever the name). */
async function openFile(path: string): Promise<Readable[]> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${path}: is a directory; expected an NDJSON file`);
    throw new UsageError(`${path}: cannot read (${code ?? String(err)})`);
  }
  // 64 KiB reads (Node's default): larger chunks keep more lines alive at once and raise peak memory, for no speed.
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  return head[0] === 0x1f && head[1] === 0x8b ? [stream, createGunzip()] : [stream];
}

/**
 * Passes bytes through unchanged and stops the read early when the input cannot be NDJSON: a binary
 * file, a JSON array, or a line so long that buffering it would hold the file in memory.
 */
class LineGuard extends Transform {
  private sinceNewline = 0;
  private sniffed = false;

  constructor(
    private readonly file: string,
    private readonly maxLineBytes: number,
    private readonly currentLine: () => number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.sniffed) {
      const problem = sniff(chunk, this.file);
      if (problem === 'wait') {
        this.sinceNewline += chunk.length;
        return done(null, chunk);
      }
      this.sniffed = true;
      if (problem) return done(problem);
    }
    const nl = chunk.lastIndexOf(0x0a);
    this.sinceNewline = nl === -1 ? this.sinceNewline + chunk.length : chunk.length - nl - 1;
    if (this.sinceNewline > this.maxLineBytes) {
      return done(tooLong(this.file, this.currentLine(), this.maxLineBytes));
    }
    done(null, chunk);
  }
}

function tooLong(file: string, line: number, max: number): UsageError {
  return new UsageError(`${file}:${line}: line longer than ${Math.round(max / 1024)} KiB (not NDJSON: expected one JSON object a line)`);
}

/** Looks at the first bytes: `wait` when they are all whitespace so far, an error when not NDJSON, else undefined. */
function sniff(chunk: Buffer, file: string): UsageError | 'wait' | undefined {
  if (chunk.subarray(0, 8192).includes(0)) return new UsageError(`${file}: a binary file (not NDJSON: expected one JSON object a line)`);
  let i = 0;
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x09)) i++;
  if (i === chunk.length) return 'wait';
  if (chunk[i] === 0x5b /* [ */) {
    return new UsageError(
      `${file}:1: a JSON array, not NDJSON (one JSON object a line); convert it with: jq -c '.[]' ${file} > ${file.replace(/\.json$/, '')}.ndjson`,
    );
  }
  return undefined;
}
