import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** A validator for the shipped report schema (schema/report.schema.json). */
export function reportValidator() {
  const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
  return new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(schema);
}
