/**
 * The steps of Hubble's go-live page (go-live.txt, "Steps to Go Live" and "Post-Launch
 * Monitoring"), each with the checks that prove it and what only a person can confirm.
 */
export interface GoLiveStep {
  number: number;
  title: string;
  /** Check ids whose results decide the automated part of the step. */
  checks: string[];
  /** What a person must still confirm; a step with this is never marked done by the tool alone. */
  manual?: string;
}

export const GO_LIVE_STEPS: readonly GoLiveStep[] = [
  {
    number: 1,
    title: 'Request production credentials',
    checks: ['credentials.present', 'credentials.isolated'],
  },
  {
    number: 2,
    title: 'Register your production URLs',
    checks: ['urls.partner'],
    manual: 'Confirm with the Hubble team that the production integration base URL and webhook URL are the ones registered.',
  },
  {
    number: 3,
    title: 'Configure environment variables',
    checks: ['credentials.not-hardcoded', 'source.scan'],
  },
  {
    number: 4,
    title: 'Deploy your backend',
    checks: ['network.reachability', 'tls.protocol', 'tls.certificate', 'auth.hubble-secret', 'sso.contract', 'webhook.signature', 'coins.contract'],
  },
  {
    number: 5,
    title: 'Update the SDK URL',
    checks: ['urls.hubble', 'sdk.url', 'sdk.reachable'],
  },
  {
    number: 6,
    title: 'Verify theme and catalog',
    checks: [],
    manual: 'Open the SDK in production: your theme is applied, the brand catalog matches staging, discounts are right.',
  },
  {
    number: 7,
    title: 'End-to-end test',
    checks: [],
    manual:
      'On a real device in production: open the SDK with a valid SSO token, buy a small gift card, check the voucher arrives, SDK events and webhooks are received, and coins were debited (if used).',
  },
  {
    number: 8,
    title: 'Post-launch monitoring',
    checks: [],
    manual: 'Alert on payment success below 90%, webhook delivery failures, SSO error spikes and voucher failures ("hubble-golive monitor" computes them from exported events).',
  },
];
