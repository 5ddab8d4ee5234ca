import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { UsageError } from '../errors.js';

/**
 * The CA list to pass as `ca:` when extra CAs were given with --ca, or undefined to keep Node's
 * default store. Passing `ca:` replaces Node's roots, including NODE_EXTRA_CA_CERTS, so both are
 * added back here.
 */
export function buildTrustStore(extraCaFiles: readonly string[], env = process.env): string[] | undefined {
  if (extraCaFiles.length === 0) return undefined;
  const extra = extraCaFiles.map((file) => readPem(file, '--ca'));
  const fromEnv = env.NODE_EXTRA_CA_CERTS ? [readPem(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')] : [];
  return [...rootCertificates, ...fromEnv, ...extra];
}

function readPem(file: string, flag: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(`${flag} ${file}: not a PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
  }
  return pem;
}
