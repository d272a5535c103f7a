import { z } from 'zod';
import { describeIssues } from '../../../shared/ingest';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return describeIssues(result.error);
};

test('paths and messages, never the values', () => {
  const reason = issuesOf(z.object({ detail: z.object({ userId: z.string(), count: z.number() }) }), {
    detail: { userId: 42, count: 'jane@example.com' },
  });
  expect(reason).toBe(
    'detail.userId: Invalid input: expected string, received number; detail.count: Invalid input: expected number, received string',
  );
});

test('keys taken from the input are masked when they do not look like schema field names', () => {
  const strict = issuesOf(z.strictObject({ name: z.string() }), { name: 'x', 'jane@example.com': 1, extraField: 2 });
  expect(strict).toBe('(event): unrecognized key(s): <key>, extraField');
  const record = issuesOf(z.object({ properties: z.record(z.string().regex(/^[a-z]+$/), z.string()) }), {
    properties: { 'bob@example.com': 'v' },
  });
  expect(record).not.toContain('bob');
  expect(record).toContain('properties.<key>');
});
