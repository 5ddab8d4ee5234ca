/** monitor.input: what was read from each file, what was skipped, and the span judged. */
import { pass, warn, type Finding } from '../engine/check.js';
import type { MonitorData } from './judges.js';
import type { ReadStats } from './ndjson.js';
import { formatDuration, formatSpan, isoUtc } from './time.js';

/** What one input file contributed. */
export interface FileSummary {
  /** The option that named it: --events, --webhooks, --sso or --vouchers. */
  flag: string;
  stats: ReadStats;
  /** Records counted into the metrics. */
  counted: number;
  /** Records outside --since/--until. */
  outside: number;
  /** Records of no metric: SDK navigation events and actions, PROCESSING or REVERSED orders. */
  ignored: number;
  /** SDK event names Hubble does not document, with counts (--events only). */
  unknownEvents?: { total: number; top: Record<string, number> };
}

export function judgeInput(files: FileSummary[], d: MonitorData, flags: { since?: number; until?: number }): Finding[] {
  const findings: Finding[] = [];
  const bounds = { ...(flags.since !== undefined ? { since: isoUtc(flags.since) } : {}), ...(flags.until !== undefined ? { until: isoUtc(flags.until) } : {}) };
  if (d.range) {
    const count = d.range.lastIndex - d.range.firstIndex + 1;
    const empty = count - d.windows.length;
    findings.push(
      pass(`judged ${formatSpan(d.range.start, d.range.end)} in ${count} window${count === 1 ? '' : 's'} of ${formatDuration(d.windowMs)}${empty ? ` (${empty} without any record)` : ''}`, {
        evidence: { from: isoUtc(d.range.start), to: isoUtc(d.range.end), window: formatDuration(d.windowMs), windows: count, emptyWindows: empty, ...bounds },
      }),
    );
  } else {
    findings.push(
      warn(`no record of any input file falls ${flags.since !== undefined || flags.until !== undefined ? 'between --since and --until' : 'in a metric'}; nothing to judge`, {
        evidence: bounds,
        fix: 'Check that the files are the right exports (--events holds SDK events such as payment_initiated) and that --since/--until cover their dates (UTC).',
      }),
    );
  }
  for (const f of files) findings.push(describeFile(f));
  return findings;
}

function describeFile(f: FileSummary): Finding {
  const s = f.stats;
  const target = s.file;
  const parts = [`${s.lines} line${s.lines === 1 ? '' : 's'}`, `${f.counted} counted`];
  if (f.outside) parts.push(`${f.outside} outside the range`);
  if (f.ignored) parts.push(`${f.ignored} of no metric`);
  if (f.unknownEvents?.total) {
    const [name, n] = Object.entries(f.unknownEvents.top)[0]!;
    parts.push(`${f.unknownEvents.total} with an event name Hubble does not document (most often ${name}, ${n}×)`);
  }
  const evidence: Record<string, unknown> = {
    lines: s.lines, records: s.records, counted: f.counted, outsideRange: f.outside, ignored: f.ignored, malformed: s.malformed,
    ...(f.unknownEvents?.total ? { unknownEvents: f.unknownEvents.top } : {}),
    ...(s.malformed ? { firstErrors: s.firstErrors } : {}),
  };
  if (s.malformed > 0) {
    return warn(`${target} (${f.flag}): skipped ${s.malformed} malformed line${s.malformed === 1 ? '' : 's'} of ${s.lines}; first: ${s.firstErrors[0]}`, {
      target,
      evidence,
      fix: 'A cut-off last line is harmless; otherwise fix the exporter so that every line is one JSON object (evidence lists the first bad lines).',
    });
  }
  return pass(`${target} (${f.flag}): ${parts.join(', ')}`, { target, evidence });
}
