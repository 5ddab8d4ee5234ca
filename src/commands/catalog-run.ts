import { builtinChecks } from '../../checks/index.js';
import { suggestion } from '../config/suggest.js';
import type { CheckDefinition } from '../engine/check.js';
import { matchesId } from '../engine/select.js';
import { UsageError } from '../errors.js';

const writes = (c: CheckDefinition) => (c.mutates ? 'with --allow-mutations' : 'no');

export function listChecks(format: 'pretty' | 'json', checks: readonly CheckDefinition[] = builtinChecks): string {
  if (format === 'json') {
    const rows = checks.map((c) => ({ id: c.id, title: c.title, network: c.network, mutates: !!c.mutates }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const header = ['ID', 'TITLE', 'NETWORK', 'WRITES TO PARTNER'];
  const rows = checks.map((c) => [c.id, c.title, c.network ? 'yes' : 'no', writes(c)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n"hubble-golive explain <id>" tells what a check verifies and how to fix it.\n`;
}

/** Explains one check, or every check under a prefix (`explain tls`). */
export function explainCheck(id: string, checks: readonly CheckDefinition[] = builtinChecks): string {
  const wanted = id.trim();
  const check = checks.find((c) => c.id === wanted);
  if (check) return explainOne(check);
  const family = checks.filter((c) => matchesId(wanted, c.id));
  if (family.length > 0) return family.map(explainOne).join('\n');
  throw new UsageError(`no check "${id}"${suggestion(id, checks.map((c) => c.id))}; "hubble-golive list" shows them all`);
}

function explainOne(check: CheckDefinition): string {
  const e = check.explain;
  return [
    `${check.id}: ${check.title}`,
    `network: ${check.network ? 'yes (skipped under --offline)' : 'no'}; writes to the partner: ${writes(check)}`,
    '',
    'What it verifies',
    indent(e.verifies),
    '',
    'Why it matters',
    indent(e.why),
    '',
    'How to fix a failure',
    ...e.fixes.map((f) => indent(`- ${f}`)),
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
