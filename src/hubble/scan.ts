import { open, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { maskUrlCredentials } from '../engine/redact.js';

/** A string to look for, with what to call it in a finding (never the value itself when secret). */
export interface Needle {
  value: string;
  /** e.g. "staging host sdk.dev.myhubble.money" or "the production appSecret (sha256:1a2b3c4d)". */
  label: string;
  kind: 'staging-host' | 'secret';
}

export interface ScanHit {
  needle: Needle;
  /** Path relative to the scanned directory's parent, for display. */
  file: string;
  line: number;
  column: number;
  /** The line, cut to ~120 characters around the hit, with every secret needle masked. */
  excerpt: string;
}

export interface ScanResult {
  hits: ScanHit[];
  filesScanned: number;
  bytesScanned: number;
  /** Files passed over: binary, too large, unreadable. */
  skipped: { file: string; reason: string }[];
  /** True when the file limit was reached before the walk ended. */
  truncated: boolean;
}

export interface ScanLimits {
  maxFiles: number;
  maxFileBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 20_000, maxFileBytes: 10 * 1024 * 1024 };
/** Directories never worth reading: third-party code and VCS data. */
const IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.turbo', '.next/cache']);

/** Reads every text file under `dirs` and reports each line holding a needle. */
export async function scanDirectories(dirs: readonly string[], needles: readonly Needle[], limits = DEFAULT_SCAN_LIMITS): Promise<ScanResult> {
  const result: ScanResult = { hits: [], filesScanned: 0, bytesScanned: 0, skipped: [], truncated: false };
  const secrets = needles.filter((n) => n.kind === 'secret').map((n) => n.value);
  for (const dir of dirs) {
    const base = join(dir, '..');
    for await (const file of walk(dir)) {
      if (result.filesScanned >= limits.maxFiles) {
        result.truncated = true;
        return result;
      }
      const shown = relative(base, file) || file;
      const text = await readText(file, limits.maxFileBytes).catch((err: NodeJS.ErrnoException) => ({ skip: err.code ?? 'unreadable' }));
      if (typeof text !== 'string') {
        result.skipped.push({ file: shown, reason: text.skip });
        continue;
      }
      result.filesScanned++;
      result.bytesScanned += text.length;
      for (const needle of needles) {
        for (let at = text.indexOf(needle.value); at !== -1; at = text.indexOf(needle.value, at + needle.value.length)) {
          result.hits.push({ needle, file: shown, ...position(text, at), excerpt: excerpt(text, at, secrets) });
        }
      }
    }
  }
  return result;
}

async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // A single file given as a "directory" is scanned as it is.
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') yield dir;
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!IGNORED_DIRS.has(e.name)) yield* walk(path);
    } else if (e.isFile()) {
      yield path;
    }
  }
}

/** The file as UTF-8, or why it was passed over (too large, binary). */
async function readText(file: string, maxBytes: number): Promise<string | { skip: string }> {
  const size = (await stat(file)).size;
  if (size > maxBytes) return { skip: `larger than ${Math.round(maxBytes / 1024 / 1024)} MiB` };
  const handle = await open(file, 'r');
  try {
    const buf = await handle.readFile();
    if (buf.subarray(0, 8000).includes(0)) return { skip: 'binary' };
    return buf.toString('utf8');
  } finally {
    await handle.close();
  }
}

function position(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

function excerpt(text: string, at: number, secrets: readonly string[]): string {
  const start = Math.max(text.lastIndexOf('\n', at) + 1, at - 60);
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  end = Math.min(end, at + 60);
  let out = text.slice(start, end);
  for (const s of secrets) out = out.split(s).join('****');
  // A secret cut by the window edges can still leave a fragment: mask partial overlaps too.
  for (const s of secrets) {
    for (let k = Math.min(s.length - 1, out.length); k >= 4; k--) {
      if (out.startsWith(s.slice(s.length - k))) out = `****${out.slice(k)}`;
      if (out.endsWith(s.slice(0, k))) out = `${out.slice(0, out.length - k)}****`;
    }
  }
  out = maskCredentialLike(out);
  return `${start > 0 && text[start - 1] !== '\n' ? '…' : ''}${out.trim()}${end < text.length && text[end] !== '\n' ? '…' : ''}`;
}

/**
 * Masks values that look like credentials of any kind (`password=…`, `"apiKey": "…"`, `token: …`,
 * user:pass in URLs): an excerpt shows where a hit is, never someone else's secret beside it.
 */
export function maskCredentialLike(line: string): string {
  return maskUrlCredentials(line).replace(
    /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth(?:orization)?)["']?\s*[:=]\s*["']?)([^"'\s&,;]{3,})/gi,
    (_m, key: string) => `${key}****`,
  );
}
