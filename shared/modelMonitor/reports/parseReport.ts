import type { z } from 'zod';
import { describeIssues } from '../../ingest';
import { ReportError } from '../errors';

/**
 * A report's text as the schema's value, or a ReportError naming the object: not JSON, or not the
 * report's shape (zod's paths and messages only, never the values: reports hold data).
 */
export function parseReport<S extends z.ZodType>(text: string, schema: S, location: string, what: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ReportError(location, `${what} is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ReportError(location, `not a Model Monitor ${what}: ${describeIssues(result.error)}`);
  return result.data;
}
