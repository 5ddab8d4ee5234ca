import type { Reporter } from './types.js';

/** The report as JSON (schema/report.schema.json); stdout holds nothing else. */
export const renderJson: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
