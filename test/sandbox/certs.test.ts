import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createCa, createSelfSigned } from '../../src/sandbox/certs.js';

describe('createCa / issue', () => {
  it('issues a leaf that Node trusts with the CA and that names the host', async () => {
    const ca = await createCa();
    const leaf = await ca.issue({ hosts: ['api.partner.example', '127.0.0.1'] });
    const cert = new X509Certificate(leaf.certPem);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.checkHost('api.partner.example')).toBe('api.partner.example');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('other.example')).toBeUndefined();

    const server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (s) => s.end('hi'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const socket = connect({ port, host: '127.0.0.1', servername: 'api.partner.example', ca: ca.certPem });
    await once(socket, 'secureConnect');
    expect(socket.authorized).toBe(true);
    socket.destroy();
    server.close();
  });

  it('honours notAfter, so expired and expiring certificates can be made', async () => {
    const ca = await createCa();
    const notAfter = new Date(Date.now() - 86_400_000);
    const leaf = await ca.issue({ hosts: ['expired.example'], notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter });
    expect(new Date(new X509Certificate(leaf.certPem).validTo).getTime()).toBeLessThan(Date.now());
  });

  it('makes a self-signed certificate that does not chain to the CA', async () => {
    const ca = await createCa();
    const self = await createSelfSigned({ hosts: ['self.example'] });
    expect(new X509Certificate(self.certPem).checkIssued(new X509Certificate(ca.certPem))).toBe(false);
  });
});
