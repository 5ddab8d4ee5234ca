import type { Report } from '../engine/report.js';

export interface RenderOptions {
  /** ANSI colour allowed (a TTY without NO_COLOR). */
  color: boolean;
  /** Show the findings of passing checks too. */
  verbose: boolean;
}

/** Turns a finished report into the text of one format. Pure: no I/O. */
export type Reporter = (report: Report, options: RenderOptions) => string;
