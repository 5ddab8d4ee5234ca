import { suggestion } from '../config/suggest.js';
import { UsageError } from '../errors.js';
import type { CheckDefinition } from './check.js';

/** Does `pattern` (an id, or a prefix such as `tls` or `tls.`) select `id`? */
export function matchesId(pattern: string, id: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p === id) return true;
  const prefix = p.endsWith('.') ? p : `${p}.`;
  return id.startsWith(prefix);
}

/** Parses a comma list of ids/prefixes; every entry must select at least one check. */
function parseList(flag: string, list: string | undefined, all: readonly CheckDefinition[]): string[] {
  if (list === undefined) return [];
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs a comma list of check ids or prefixes, e.g. ${flag} tls,urls.partner`);
  const ids = all.map((c) => c.id);
  for (const item of items) {
    if (!ids.some((id) => matchesId(item, id))) {
      const prefixes = [...new Set(ids.map((id) => id.split('.')[0]!))];
      throw new UsageError(
        `${flag} ${item}: no check has that id or prefix${suggestion(item, [...ids, ...prefixes])}; "hubble-golive list" shows them all`,
      );
    }
  }
  return items;
}

/** Applies --only and --skip, keeping the registry's order. Selecting nothing is a usage error. */
export function selectChecks(all: readonly CheckDefinition[], only?: string, skipList?: string): CheckDefinition[] {
  const onlyItems = parseList('--only', only, all);
  const skipItems = parseList('--skip', skipList, all);
  const selected = all.filter(
    (c) => (onlyItems.length === 0 || onlyItems.some((p) => matchesId(p, c.id))) && !skipItems.some((p) => matchesId(p, c.id)),
  );
  if (selected.length === 0) throw new UsageError('no check selected: --only and --skip together leave nothing to run');
  return selected;
}
