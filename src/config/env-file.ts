import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * Reads a dotenv file: `KEY=value`, optional `export `, '#' comments, single or double quotes
 * (double quotes understand \n). Variables already set in the process win, as with dotenv.
 */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read env file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${path}:${i + 1}: expected KEY=value`);
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]!] = value;
  });
  return out;
}
