import { isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { configSchema, environmentSchema } from './schema.js';
import { suggestion } from './suggest.js';
import { SECRET_KEYS } from './types.js';

// Where in the YAML a problem is, and how to say it in one line without quoting a secret.

/** The secret key written on a line of the file (`  appSecret: …`), if any. */
export function secretKeyOnLine(text: string, line: number): string | undefined {
  const source = text.split(/\r?\n/)[line - 1] ?? '';
  return SECRET_KEYS.find((k) => new RegExp(`^\\s*(?:-\\s+)?${k}\\s*:`).test(source));
}

/** Whatever is written after a secret key anywhere in the file, so that no message can quote it. */
export function writtenSecrets(text: string): string[] {
  const keys = SECRET_KEYS.join('|');
  return [...text.matchAll(new RegExp(`^\\s*(?:-\\s+)?(?:${keys})\\s*:\\s*(.+)$`, 'gm'))].flatMap((m) => {
    const raw = m[1]!.replace(/\s+#.*$/, '').trim();
    return [raw, raw.replace(/^["'|>*&]+|["']+$/g, '')];
  });
}

/** Start offset of the first alias node (`*name`) in the document. */
export function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** Line of the node at `path`, or of its nearest existing ancestor. */
export function nodeLine(doc: Document, path: (string | number)[], lineAt: (o: number) => number): number {
  for (let p = path; p.length > 0; p = p.slice(0, -1)) {
    const node = doc.getIn(p, true) as Node | undefined;
    if (node && typeof node === 'object' && node.range) return lineAt(node.range[0]);
  }
  return 1;
}

/** Line of a key inside the map at `path`. */
function keyLine(doc: Document, path: (string | number)[], key: string, lineAt: (o: number) => number): number {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(map)) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range) {
        return lineAt(item.key.range[0]);
      }
    }
  }
  return nodeLine(doc, path, lineAt);
}

const ENV_KEYS = Object.keys(environmentSchema.shape);
const TOP_KEYS = Object.keys(configSchema.shape);

export function describeIssue(issue: z.core.$ZodIssue, doc: Document, file: string, lineAt: (o: number) => number): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const dotted = (p: (string | number)[]) => p.join('.') || '(top level)';

  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = path.length === 0 ? TOP_KEYS : path[0] === 'environments' && path.length === 2 ? ENV_KEYS : [];
    const hint = path.length === 0 && known.length ? `; known keys: ${TOP_KEYS.join(', ')}` : '';
    return `${file}:${keyLine(doc, path, key, lineAt)} ${dotted([...path, key])}: unknown key${suggestion(key, known)}${
      suggestion(key, known) ? '' : hint
    }`;
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    return `${file}:${keyLine(doc, path.slice(0, -1), key, lineAt)} ${dotted(path)}: environment names are letters, digits, "-", "_" and "."`;
  }
  const line = nodeLine(doc, path, lineAt);
  const input = (issue as { input?: unknown }).input;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    const expected = issue.code === 'invalid_value' ? `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}` : issue.message;
    return `${file}:${line} ${dotted(path)}: missing (${expected})`;
  }
  if (issue.code === 'invalid_type') {
    return `${file}:${line} ${dotted(path)}: ${issue.message}, got ${describeValue(input, path)}`;
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(' | ');
    const typo = typeof input === 'string' ? suggestion(input, issue.values.map(String)) : '';
    return `${file}:${line} ${dotted(path)}: expected ${allowed}, got ${describeValue(input, path)}${typo}`;
  }
  return `${file}:${line} ${dotted(path)}: ${issue.message}`;
}

/** Names the offending value, without ever showing one written under a secret key. */
function describeValue(v: unknown, path: (string | number)[]): string {
  if (v === null) return 'null';
  if ((SECRET_KEYS as readonly unknown[]).includes(path[path.length - 1])) return `a ${Array.isArray(v) ? 'list' : typeof v}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  return `${typeof v} ${String(v)}`;
}
