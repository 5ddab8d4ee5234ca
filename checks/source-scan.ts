import { existsSync } from 'node:fs';
import { SECRET_KEYS } from '../src/config/types.js';
import { defineCheck, fail, pass, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { HUBBLE_HOSTS } from '../src/hubble/hosts.js';
import { scanDirectories, type Needle, type ScanResult } from '../src/hubble/scan.js';

/** Secrets shorter than this would match by chance; they are left out (and said so). */
export const MIN_SCAN_LENGTH = 8;
const MAX_FINDINGS = 50;

/** What to look for: staging hosts (production tier only) and every configured secret of every environment. */
export function scanNeedles(ctx: Pick<CheckContext, 'env' | 'others' | 'tier'>): { needles: Needle[]; tooShort: string[] } {
  const needles: Needle[] = [];
  const tooShort: string[] = [];
  if (ctx.tier === 'production') {
    for (const host of [...HUBBLE_HOSTS.staging.sdk, ...HUBBLE_HOSTS.staging.api]) {
      needles.push({ value: host, label: `staging host ${host}`, kind: 'staging-host' });
    }
  }
  for (const env of [ctx.env, ...ctx.others]) {
    for (const key of SECRET_KEYS) {
      const secret = env[key];
      if (!secret) continue;
      const value = secret.reveal().trim();
      const label = `${env.name} ${key} (sha256:${secret.fingerprint})`;
      if (value.length < MIN_SCAN_LENGTH) tooShort.push(label);
      else if (!needles.some((n) => n.value === value)) needles.push({ value, label, kind: 'secret' });
    }
  }
  return { needles, tooShort };
}

/** `.env`, `.env.production`, `config/.env.local`, …: files meant to hold secrets. */
export const isEnvFile = (file: string) => /(^|[\\/])\.env(\.[\w.-]+)?$/.test(file);

/** Judges a scan: one finding per needle and file, with the lines; a pass that says what was read. */
export function judgeScan(scan: ScanResult, dirs: readonly string[], tooShort: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, typeof scan.hits>();
  for (const hit of scan.hits) {
    const key = `${hit.needle.label}\u0000${hit.file}`;
    groups.set(key, [...(groups.get(key) ?? []), hit]);
  }
  for (const hits of groups.values()) {
    if (findings.length >= MAX_FINDINGS) break;
    const [first] = hits;
    const { needle, file } = first!;
    const lines = hits.map((h) => h.line);
    const where = `${file}:${lines.slice(0, 5).join(',')}${lines.length > 5 ? ` (+${lines.length - 5} more)` : ''}`;
    if (needle.kind === 'secret' && isEnvFile(file)) {
      // A .env file is where secrets are meant to live; the risk is it being committed or shipped.
      findings.push(
        warn(`${needle.label} is in ${where}, a .env file`, {
          target: `${file}:${first!.line}`,
          evidence: { file, lines },
          fix: 'Keep .env files out of version control and out of builds and images (.gitignore, .dockerignore, the bundler\'s copy list); if this one was ever committed or shipped, ask Hubble to rotate the secret.',
        }),
      );
      continue;
    }
    findings.push(
      fail(`${needle.label} appears in ${where}`, {
        target: `${file}:${first!.line}`,
        evidence: { file, lines, column: first!.column, excerpt: first!.excerpt },
        fix:
          needle.kind === 'staging-host'
            ? 'The production build still points at Hubble staging. Select the SDK/API base URL from the environment (go-live step 5) and rebuild.'
            : 'Remove the literal secret from the code or build and read it from the environment or a secrets manager; then rotate it with Hubble, since it has been exposed.',
      }),
    );
  }
  if (groups.size > MAX_FINDINGS) findings.push(fail(`and ${groups.size - MAX_FINDINGS} more files with matches (first ${MAX_FINDINGS} shown)`));
  if (scan.truncated) {
    findings.push(warn(`stopped after ${scan.filesScanned} files; the rest was not scanned`, { fix: 'Point --source or sourceDirs at the built output or src/ rather than the whole repository.' }));
  }
  if (tooShort.length > 0) {
    findings.push(warn(`not searched for, being shorter than ${MIN_SCAN_LENGTH} characters: ${tooShort.join(', ')}`, { fix: 'Hubble secrets are long; a short value is likely a placeholder (see credentials.present).' }));
  }
  if (scan.hits.length === 0) {
    findings.push(
      pass(`no staging host or secret value in ${scan.filesScanned} files (${(scan.bytesScanned / 1024).toFixed(0)} KiB)`, {
        evidence: { dirs, files: scan.filesScanned, skipped: scan.skipped.length },
      }),
    );
  }
  return findings;
}

export default defineCheck({
  id: 'source.scan',
  title: 'Code and builds hold no staging hosts or secrets',
  network: false,
  explain: {
    verifies:
      'Reads every text file under sourceDirs (config) and --source DIR (node_modules and .git are passed over) and looks for\n' +
      "Hubble's staging hosts (production tier) and for the value of every configured appSecret, hubbleSecret and webhookSecret.\n" +
      'Hits are reported with file:line and the value masked.',
    why:
      'A production build that still calls sdk.dev.myhubble.money fails for every user, and a secret committed to code or shipped in a\n' +
      "bundle can be read by anyone who has the repository or the app. Hubble's go-live guide: never hardcode credentials.",
    fixes: [
      'Staging host in a production build: choose the base URLs from the environment (NODE_ENV or your build flavour) and rebuild.',
      'Secret in a file: move it to an environment variable or a secrets manager, purge it from history, and ask Hubble to rotate it.',
      'Too many files: point --source at the built output (dist/, build/) or src/, not the repository root.',
    ],
  },
  skipReason(ctx) {
    return ctx.env.sourceDirs.length + ctx.options.sourceDirs.length === 0
      ? 'no directories to scan: set sourceDirs in the config or pass --source DIR'
      : undefined;
  },
  async run(ctx) {
    const dirs = [...new Set([...ctx.env.sourceDirs, ...ctx.options.sourceDirs])];
    const missing = dirs.filter((d) => !existsSync(d));
    const { needles, tooShort } = scanNeedles(ctx);
    const scan = await scanDirectories(dirs.filter((d) => !missing.includes(d)), needles);
    const findings = judgeScan(scan, dirs, tooShort);
    const missingFindings = missing.map((d) =>
      fail(`${d} does not exist, so it was not scanned`, { target: d, fix: 'Fix the path in sourceDirs or --source (relative paths in the config are relative to the config file).' }),
    );
    // With every directory missing there is no scan to judge, only the paths to fix.
    return missing.length === dirs.length ? missingFindings : [...missingFindings, ...findings];
  },
});
