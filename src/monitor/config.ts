/**
 * The `monitor:` thresholds of hubble.config.yaml. The file is optional for monitor: without
 * --config, $HUBBLE_CONFIG or ./hubble.config.yaml the defaults apply. A file that exists is
 * validated whole, as `check` does, so the same file gives the same errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { parseConfig } from '../config/load.js';
import { monitorSchema, type MonitorThresholds } from '../config/schema.js';
import { suggestion } from '../config/suggest.js';
import { ConfigError } from '../errors.js';

/** Thresholds and the file they came from (undefined: defaults, no file). */
export function loadMonitorThresholds(flag: string | undefined, env: Record<string, string | undefined> = process.env): { thresholds: MonitorThresholds; path?: string } {
  const explicit = flag ?? env.HUBBLE_CONFIG;
  const path = explicit ?? 'hubble.config.yaml';
  if (explicit === undefined && !existsSync(path)) return { thresholds: monitorSchema.parse({}) };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${path}: no such file (monitor needs no config file: leave out --config to use the default thresholds)` : `${path}: cannot read the config file (${code ?? String(err)})`);
  }
  checkMonitorKeys(text, path);
  parseConfig(text, path, { env });
  const raw = parseDocument(text).toJS() as { monitor?: unknown } | null;
  return { thresholds: monitorSchema.parse(raw?.monitor ?? {}), path };
}

/**
 * An unknown key under `monitor:` with a suggestion (`monitor.payments.minSucessRate: unknown key
 * (did you mean minSuccessRate?)`); every other problem is left to parseConfig.
 */
function checkMonitorKeys(text: string, path: string): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return;
  const monitor = (doc.toJS() as { monitor?: unknown } | null)?.monitor;
  if (monitor === undefined || monitor === null) return;
  const parsed = monitorSchema.safeParse(monitor);
  const issue = parsed.error?.issues.find((i) => i.code === 'unrecognized_keys');
  if (!issue || issue.code !== 'unrecognized_keys') return;
  const at = ['monitor', ...issue.path.map(String)];
  const key = issue.keys[0]!;
  const shape = at.length === 1 ? monitorSchema.shape : (monitorSchema.shape[at[1] as 'payments'] as unknown as { unwrap(): { shape: object } }).unwrap().shape;
  const known = Object.keys(shape);
  const node = doc.getIn(at, true) as Node | undefined;
  let line = 1;
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    const range = pair && isScalar(pair.key) ? pair.key.range : node.range;
    if (range) line = lineCounter.linePos(range[0]).line;
  }
  const hint = suggestion(key, known) || `; known keys: ${known.join(', ')}`;
  throw new ConfigError(`${path}:${line} ${[...at, key].join('.')}: unknown key${hint}`);
}
