import type { FORMAT_NAMES } from './formats.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderPretty } from './pretty.js';
import type { Reporter } from './types.js';

/** Every output format, by its --format name. */
export const reporters: Record<(typeof FORMAT_NAMES)[number], Reporter> = {
  pretty: renderPretty,
  json: renderJson,
  junit: renderJunit,
  markdown: renderMarkdown,
  github: renderGithub,
};
