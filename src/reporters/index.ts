import { renderJson } from './json.js';
import { renderPretty } from './pretty.js';
import type { Reporter } from './types.js';

/** Every output format, by its --format name. */
export const reporters = {
  pretty: renderPretty,
  json: renderJson,
} satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;
export const FORMATS = Object.keys(reporters) as Format[];
