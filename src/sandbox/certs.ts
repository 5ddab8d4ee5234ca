import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import { isIP } from 'node:net';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface LeafOptions {
  /** DNS names and IP addresses the certificate names (subjectAltName); the first is the CN. */
  hosts: string[];
  /** Default: an hour ago. */
  notBefore?: Date;
  /** Default: 90 days from now. */
  notAfter?: Date;
}

export interface CertAuthority extends PemPair {
  /** Issues a server certificate signed by this CA. */
  issue(options: LeafOptions): Promise<PemPair>;
}

/** A fresh EC P-256 certificate authority, in memory (a few milliseconds). */
export async function createCa(name = 'hubble-golive sandbox CA', days = 7): Promise<CertAuthority> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + days * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const ca: CertAuthority = {
    certPem: cert.toString('pem'),
    keyPem: await exportKey(keys.privateKey),
    issue: (options) => issueLeaf(options, { cert, key: keys.privateKey }),
  };
  return ca;
}

/** A self-signed server certificate (no CA), for "untrusted chain" cases. */
export async function createSelfSigned(options: LeafOptions): Promise<PemPair> {
  return issueLeaf(options);
}

async function issueLeaf(options: LeafOptions, issuer?: { cert: x509.X509Certificate; key: CryptoKey }): Promise<PemPair> {
  const keys = await generateKeys();
  const [first] = options.hosts;
  if (!first) throw new TypeError('a certificate needs at least one host');
  const subject = `CN=${first}`;
  const extensions: x509.Extension[] = [
    new x509.SubjectAlternativeNameExtension(options.hosts.map((h) => (isIP(h) ? { type: 'ip', value: h } : { type: 'dns', value: h }))),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false),
  ];
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.cert));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: issuer ? issuer.cert.subject : subject,
    notBefore: options.notBefore ?? new Date(Date.now() - 3_600_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 90 * DAY),
    signingKey: issuer ? issuer.key : keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

function serial(): string {
  // Positive, non-zero, 16 random bytes: what CAs do.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
