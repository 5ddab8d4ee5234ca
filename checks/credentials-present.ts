import { defineCheck, pass } from '../src/engine/check.js';

export default defineCheck({
  id: 'credentials.present',
  title: 'Credentials are set',
  network: false,
  explain: { verifies: 'TODO', why: 'TODO', fixes: [] },
  run() {
    return [pass('placeholder')];
  },
});
