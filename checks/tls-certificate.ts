import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { probePartnerTls, tlsSkipReason } from '../src/hubble/endpoints.js';
import type { CertificateInfo, TlsOriginProbe } from '../src/net/tls.js';
import { describeHandshake } from '../src/net/describe.js';

/** Under this many days left the certificate fails; under WARN_DAYS it warns. */
export const FAIL_DAYS = 14;
export const WARN_DAYS = 30;
const DAY = 86_400_000;

/** OpenSSL's chain verdicts, in words, with the usual cause. */
const CHAIN_ERRORS: Record<string, { says: string; fix: string }> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    says: 'the certificate is self-signed',
    fix: 'Install a certificate from a public CA (for example Let\'s Encrypt, or your cloud provider\'s certificate manager).',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    says: 'the chain ends in a self-signed root that is not a trusted CA',
    fix: 'Use a certificate from a public CA; a private CA is not trusted by Hubble\'s servers.',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    says: 'the chain does not lead to a trusted CA (an intermediate certificate is missing, or the CA is private)',
    fix: 'Serve the full chain (leaf + intermediates: the "fullchain" file), from a public CA.',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    says: 'the issuer is not a trusted CA here (a private CA, or a missing intermediate)',
    fix: 'Serve the full chain from a public CA. To trust a private CA for testing only, pass --ca FILE.',
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    says: 'the issuer of a certificate in the chain was not found',
    fix: 'Serve the full chain (leaf + intermediates).',
  },
  CERT_HAS_EXPIRED: { says: 'a certificate in the chain has expired', fix: 'Renew the expired certificate in the chain.' },
  CERT_NOT_YET_VALID: { says: 'a certificate in the chain is not valid yet', fix: 'Check the server clock and the certificate\'s start date.' },
  CERT_REVOKED: { says: 'the certificate was revoked', fix: 'Install a new certificate.' },
};

export function certificateEvidence(c: CertificateInfo): Record<string, unknown> {
  return {
    subject: c.subject,
    issuer: c.issuer,
    names: c.names,
    validFrom: c.validFrom,
    validTo: c.validTo,
    daysLeft: c.daysLeft,
    trusted: c.trusted,
    ...(c.chainError ? { chainError: c.chainError } : {}),
    hostMatches: c.hostMatches,
    ...(c.hostError ? { hostError: c.hostError } : {}),
    selfSigned: c.selfSigned,
    chain: c.chain,
    fingerprint256: c.fingerprint256,
    ...(c.from !== 'default' ? { seenOn: c.from } : {}),
  };
}

const day = (iso: string) => iso.slice(0, 10);

/** Pure verdicts: per https origin, one finding per problem, or one pass. */
export function judgeCertificates(probes: readonly TlsOriginProbe[], httpOrigins: readonly string[] = []): Finding[] {
  const findings: Finding[] = httpOrigins.map((origin) =>
    skip(`${origin} is plain http: no certificate to check (tls.protocol fails it)`, { target: origin }),
  );
  for (const p of probes) findings.push(...judgeOne(p));
  return findings;
}

function judgeOne(p: TlsOriginProbe): Finding[] {
  const where = `${p.host}:${p.port}`;
  const target = p.origin;
  const c = p.certificate;
  if (!c) {
    return [
      fail(`no certificate seen from ${where}: no TLS handshake completed (${describeHandshake(p.negotiated)})`, {
        target,
        evidence: { probes: Object.fromEntries(Object.entries(p.versions).map(([v, h]) => [v, describeHandshake(h)])) },
        fix: `Serve TLS on ${where} (network.reachability and tls.protocol tell where it stops).`,
      }),
    ];
  }
  const evidence = certificateEvidence(c);
  const findings: Finding[] = [];
  const expired = c.msLeft <= 0;

  // The chain: an expired leaf is reported once, as expired, not again as an untrusted chain.
  const chainError = c.chainError === 'CERT_HAS_EXPIRED' && expired ? undefined : c.chainError === 'CERT_NOT_YET_VALID' && c.notYetValid ? undefined : c.chainError;
  if (!c.trusted && chainError) {
    const known = CHAIN_ERRORS[chainError];
    findings.push(
      fail(`the certificate of ${where} is not trusted: ${known?.says ?? 'its chain did not verify'} (${chainError}); issued by ${c.issuer}`, {
        target,
        evidence,
        fix: known?.fix ?? 'Install a certificate from a public CA and serve the full chain.',
      }),
    );
  }
  if (!c.hostMatches) {
    findings.push(
      fail(`the certificate of ${where} does not name ${p.host}: it names ${c.names.length ? c.names.join(', ') : c.subject}`, {
        target,
        evidence,
        fix: `Install a certificate whose subjectAltName includes ${p.host} (or a wildcard that covers it).`,
      }),
    );
  }
  if (c.notYetValid) {
    findings.push(fail(`the certificate of ${where} is not valid until ${c.validFrom}`, { target, evidence, fix: 'Check the server clock and the certificate\'s start date.' }));
  }
  if (expired) {
    findings.push(
      fail(`the certificate of ${where} expired on ${day(c.validTo)} (${-Math.floor(c.msLeft / DAY)} days ago)`, {
        target,
        evidence,
        fix: 'Renew the certificate now and set up automatic renewal (ACME / your provider\'s certificate manager).',
      }),
    );
  } else if (c.msLeft < FAIL_DAYS * DAY) {
    findings.push(
      fail(`the certificate of ${where} expires on ${day(c.validTo)}, in ${c.daysLeft} days (less than ${FAIL_DAYS})`, {
        target,
        evidence,
        fix: 'Renew the certificate before going live and make renewal automatic.',
      }),
    );
  } else if (c.msLeft < WARN_DAYS * DAY) {
    findings.push(
      warn(`the certificate of ${where} expires on ${day(c.validTo)}, in ${c.daysLeft} days (less than ${WARN_DAYS})`, {
        target,
        evidence,
        fix: 'Renew the certificate soon and make renewal automatic.',
      }),
    );
  }
  if (findings.length === 0) {
    findings.push(pass(`the certificate of ${where} is trusted, names ${p.host} and is valid for ${c.daysLeft} more days (until ${day(c.validTo)}); issued by ${c.issuer}`, { target, evidence }));
  }
  return findings;
}

export default defineCheck({
  id: 'tls.certificate',
  title: 'Partner TLS certificates are trusted and valid',
  network: true,
  explain: {
    verifies:
      `For each distinct https origin of integrationBaseUrl and webhookUrl: the chain verifies against the trust store (Node's, plus --ca and NODE_EXTRA_CA_CERTS), the certificate names the host (checked even when the chain fails), and it is valid: fail when expired or expiring within ${FAIL_DAYS} days, warn within ${WARN_DAYS}. The issuer, the names and the days left are the evidence.`,
    why: 'Hubble\'s servers refuse a connection whose certificate is untrusted, names another host or has expired: every call to the partner fails at once, and renewal at the last minute is how that happens.',
    fixes: [
      'Self-signed or private CA: install a certificate from a public CA.',
      'Missing intermediate: serve the full chain.',
      'Wrong host: add the host to the certificate\'s subjectAltName.',
      'Expired or expiring: renew, and automate renewal.',
    ],
  },
  skipReason: (ctx) => tlsSkipReason(ctx.env),
  async run(ctx) {
    const { probes, http } = await probePartnerTls(ctx.env, ctx.net);
    return judgeCertificates(probes, http);
  },
});
