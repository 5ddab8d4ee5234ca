// Verifies the TLS version probes against sslscan (Debian package `sslscan`): for every loopback
// server, the versions we report accepted must be exactly those sslscan reports enabled, and the
// certificate facts (expired, self-signed, end date) must agree. Records our time per host beside
// sslscan's in docs/PERFORMANCE.md (section tls-agreement).
//
//   node bench/tls-agreement.mjs        (needs: apt-get install -y sslscan)
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { machine, median, writeSection } from './lib.mjs';
import { importTs, startServerChild } from './ts-import.mjs';

const SERVERS = [
  { name: 'TLS 1.2-1.3', tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } },
  { name: 'TLS 1.0-1.3', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.3' } },
  { name: 'TLS 1.0-1.2', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.2' } },
  { name: 'TLS 1.1 only', tls: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' } },
  { name: 'TLS 1.0 only', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1' } },
  { name: 'TLS 1.2 only', tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } },
  { name: 'TLS 1.3 only', tls: { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' } },
  { name: 'expired certificate', cert: 'expired' },
  { name: 'wrong-host certificate', cert: 'wrongHost' },
  { name: 'self-signed certificate', cert: 'selfSigned' },
  { name: '10-day certificate', cert: 'days10' },
  { name: '20-day certificate', cert: 'days20' },
];

if (process.argv.includes('--serve')) {
  const { startHttps, testCa } = await importTs(
    "export { startHttps } from './test/helpers/servers.ts'; export { testCa } from './test/helpers/certs.ts';",
    'tls-servers',
  );
  const ca = await testCa();
  const servers = await Promise.all(
    SERVERS.map((s, i) => startHttps({ host: `host${i}.acme-rewards.com`, cert: s.cert ?? 'good', tls: s.tls ?? { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } })),
  );
  process.send({ caPem: ca.certPem, servers: servers.map((s) => ({ host: s.host, port: s.port, origin: s.origin })) });
  process.on('message', async () => {
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const run = promisify(execFile);
  try {
    await run('sslscan', ['--version']);
  } catch {
    console.error('sslscan is not installed: apt-get install -y sslscan');
    process.exit(2);
  }
  const { probeTlsOrigin, TLS_VERSIONS, versionLabel, rootCertificates } = await importTs(
    "export { probeTlsOrigin, TLS_VERSIONS, versionLabel } from './src/net/tls.ts'; export { rootCertificates } from 'node:tls';",
    'tls-probe',
  );
  const child = await startServerChild(import.meta.url);
  const { caPem, servers } = child.ready;
  // As the CLI builds it for --ca: Node's roots plus the extra CA.
  const ca = [...rootCertificates, caPem];
  const rows = [];
  let agreeAll = true;
  try {
    for (const [i, server] of servers.entries()) {
      const settings = { timeoutMs: 5000, resolve: [{ host: server.host, port: server.port, address: '127.0.0.1' }], ca };
      const first = await probeTlsOrigin(server.origin, settings);
      const ours = [];
      let probe = first;
      for (let k = 0; k < 9; k++) {
        probe = await probeTlsOrigin(server.origin, settings);
        ours.push(probe.ms);
      }
      const accepted = TLS_VERSIONS.filter((v) => probe.versions[v].outcome === 'accepted').map(versionLabel);

      const scanArgs = ['--xml=-', '--no-colour', `--sni-name=${server.host}`, `127.0.0.1:${server.port}`];
      const quick = ['--no-ciphersuites', '--no-fallback', '--no-renegotiation', '--no-compression', '--no-heartbleed', '--no-groups'];
      const tQuick = [];
      let xml = '';
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        xml = (await run('sslscan', [...quick, ...scanArgs], { encoding: 'utf8' })).stdout;
        tQuick.push(performance.now() - t0);
      }
      const t1 = performance.now();
      await run('sslscan', scanArgs, { encoding: 'utf8' });
      const tFull = performance.now() - t1;

      const theirs = [...xml.matchAll(/<protocol type="tls" version="([\d.]+)" enabled="1"/g)].map((m) => `TLS ${m[1]}`);
      const expiredTheirs = /<expired>true<\/expired>/.test(xml);
      const selfSignedTheirs = /<self-signed>true<\/self-signed>/.test(xml);
      const notAfterTheirs = new Date(/<not-valid-after>([^<]+)<\/not-valid-after>/.exec(xml)?.[1] ?? NaN);
      const c = probe.certificate;
      const versionsAgree = accepted.join() === theirs.join();
      const certAgree =
        !!c && c.msLeft <= 0 === expiredTheirs && c.selfSigned === selfSignedTheirs && Math.abs(new Date(c.validTo) - notAfterTheirs) < 1000;
      agreeAll &&= versionsAgree && certAgree;
      rows.push({
        name: SERVERS[i].name,
        accepted,
        theirs,
        versionsAgree,
        certAgree,
        cert: c ? `${c.trusted ? 'trusted' : c.chainError}${c.hostMatches ? '' : ', wrong host'}, ${c.daysLeft} d` : 'none',
        firstMs: first.ms,
        oursMs: median(ours),
        quickMs: median(tQuick),
        fullMs: tFull,
      });
      console.log(`${SERVERS[i].name}: ours ${accepted.join(', ') || 'none'} / sslscan ${theirs.join(', ') || 'none'} ${versionsAgree && certAgree ? 'agree' : 'DISAGREE'}`);
    }
    // All hosts at once, as a run with several origins does.
    const t0 = performance.now();
    await Promise.all(servers.map((s) => probeTlsOrigin(s.origin, { timeoutMs: 5000, resolve: [{ host: s.host, port: s.port, address: '127.0.0.1' }], ca })));
    const allAtOnce = performance.now() - t0;

    const worst = Math.max(...rows.map((r) => r.oursMs));
    const md = [
      '## TLS probes vs sslscan (`bench/tls-agreement.mjs`)',
      '',
      `${rows.length} loopback servers (certificates from a fresh test CA, passed as --ca would be: Node's roots plus the CA); ${machine()}; sslscan 2.0.7 (OpenSSL 3.0).`,
      '"ours": one `probeTlsOrigin` = five handshakes at once (TLS 1.0, 1.1, 1.2, 1.3 each alone, plus a default one for the negotiated',
      'version and the certificate), median of 9 warm runs; "first" is the first probe of the process (builds the TLS context for the',
      'trust list). sslscan: `--no-ciphersuites` and the other checks off (protocols and certificate only), median of 3; "full" is its default scan.',
      '',
      '| server | we report accepted | sslscan enabled | versions agree | certificate (ours) | certificate agrees | ours ms | first ms | sslscan ms | sslscan full ms |',
      '| --- | --- | --- | :---: | --- | :---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.accepted.join(', ') || 'none'} | ${r.theirs.join(', ') || 'none'} | ${r.versionsAgree ? 'yes' : '**NO**'} | ${r.cert} | ${r.certAgree ? 'yes' : '**NO**'} | ${r.oursMs.toFixed(1)} | ${r.firstMs.toFixed(0)} | ${r.quickMs.toFixed(0)} | ${r.fullMs.toFixed(0)} |`,
      ),
      '',
      `Agreement: **${rows.filter((r) => r.versionsAgree).length} of ${rows.length}** servers on versions (${rows.length * 4} version verdicts), ` +
        `**${rows.filter((r) => r.certAgree).length} of ${rows.length}** on the certificate (expired, self-signed, end date).`,
      `Target: under 50 ms per host for all four versions and the certificate: worst median **${worst.toFixed(1)} ms, ${worst < 50 ? 'met' : 'NOT met'}**. ` +
        `All ${rows.length} hosts probed at once: ${allAtOnce.toFixed(0)} ms. Load average ${loadavg()[0].toFixed(1)} when done (the machine is shared).`,
    ].join('\n');
    writeSection('tls-agreement', md);
    console.log(md);
  } finally {
    await child.stop();
  }
  process.exitCode = agreeAll ? 0 : 1;
}
