import type { CheckDefinition } from '../src/engine/check.js';
// Offline: the config itself.
import credentialsPresent from './credentials-present.js';

/**
 * Every built-in check, in report order (SPEC section 3). Reports, `list` and the JSON output
 * keep this order. Add a check by adding its file and one line here.
 */
export const builtinChecks: readonly CheckDefinition[] = [
  // offline
  credentialsPresent,
  // network
  // contract
];
