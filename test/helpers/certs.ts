// Certificates for network tests, made at test time with the in-memory CA (EC P-256, a few ms each).
import { createCa, createSelfSigned, type CertAuthority, type PemPair } from '../../src/sandbox/certs.js';

const DAY = 86_400_000;

/** The certificate variants the TLS checks must tell apart, all for (or about) one host. */
export type CertKind = 'good' | 'expired' | 'wrongHost' | 'selfSigned' | 'days10' | 'days20' | 'notYetValid';

let sharedCa: Promise<CertAuthority> | undefined;

/** One CA per test worker (a fresh one per process, never a file on disk). */
export function testCa(): Promise<CertAuthority> {
  return (sharedCa ??= createCa('hubble-golive test CA', 30));
}

/** A certificate of the given kind for `host`, from the test CA (or self-signed). */
export async function certFor(host: string, kind: CertKind = 'good', ca?: CertAuthority): Promise<PemPair> {
  const authority = ca ?? (await testCa());
  const now = Date.now();
  switch (kind) {
    case 'good':
      return authority.issue({ hosts: [host] });
    case 'expired':
      return authority.issue({ hosts: [host], notBefore: new Date(now - 100 * DAY), notAfter: new Date(now - 2 * DAY) });
    case 'wrongHost':
      return authority.issue({ hosts: ['other.unrelated-shop.com'] });
    case 'selfSigned':
      return createSelfSigned({ hosts: [host] });
    case 'days10':
      return authority.issue({ hosts: [host], notAfter: new Date(now + 10 * DAY) });
    case 'days20':
      return authority.issue({ hosts: [host], notAfter: new Date(now + 20 * DAY) });
    case 'notYetValid':
      return authority.issue({ hosts: [host], notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 90 * DAY) });
  }
}
