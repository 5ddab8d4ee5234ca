import type { Report } from '../../src/engine/report.js';

/** A report with one check of every status, for reporter tests. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'hubble-golive', version: '1.2.3' },
    env: 'production',
    tier: 'production',
    config: 'hubble.config.yaml',
    startedAt: '2026-12-04T10:00:00.000Z',
    durationMs: 1234,
    status: 'fail',
    summary: { pass: 1, warn: 1, fail: 1, skip: 1, error: 1 },
    checks: [
      { id: 'credentials.present', title: 'Credentials are set', status: 'pass', durationMs: 1, findings: [{ status: 'pass', message: 'all four credentials are set' }] },
      {
        id: 'tls.protocol',
        title: 'TLS 1.2+ only',
        status: 'fail',
        durationMs: 40,
        findings: [
          {
            status: 'fail',
            message: 'TLS 1.0 and TLS 1.1 accepted by api.yourapp.com:443; Hubble requires TLS 1.2 or higher',
            target: 'https://api.yourapp.com',
            evidence: { accepted: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
            fix: 'Set ssl_protocols TLSv1.2 TLSv1.3; in nginx & reload <now>',
          },
        ],
      },
      { id: 'urls.partner', title: 'Partner URLs', status: 'warn', durationMs: 2, findings: [{ status: 'warn', message: 'label "staging" in api, staging: 100%', target: 'webhookUrl', fix: 'use the production host' }] },
      { id: 'sdk.reachable', title: 'Hubble hosts answer', status: 'skip', durationMs: 0, findings: [{ status: 'skip', message: 'needs the network; run without --offline to include it' }] },
      { id: 'sso.contract', title: 'SSO contract', status: 'error', durationMs: 5, findings: [{ status: 'error', message: 'the check itself failed: TypeError: boom' }] },
    ],
    ...overrides,
  };
}
