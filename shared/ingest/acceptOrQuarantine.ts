import type { z } from 'zod';
import { jsonErrorReason } from '../events/jsonErrorReason';
import type { Counter } from '../observability/Counter';
import type { QuarantineStore } from '../quarantine';

export interface IngestContext {
  component: string;
  quarantine: QuarantineStore;
  counter: Counter;
}

export type IngestResult<T> = { accepted: true; value: T } | { accepted: false; reason: string; quarantineId: string };

/**
 * Validates one input against its contract. What fails is quarantined with the reason and counted,
 * never dropped and never thrown: one bad record must not fail its batch.
 */
export async function acceptOrQuarantine<S extends z.ZodType>(
  input: string | unknown,
  schema: S,
  ctx: IngestContext,
): Promise<IngestResult<z.infer<S>>> {
  const raw = typeof input === 'string' ? input : JSON.stringify(input);
  let parsed: unknown = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch (error) {
      return reject(`invalid JSON: ${jsonErrorReason(error)}`, raw, undefined, ctx);
    }
  }
  const result = schema.safeParse(parsed);
  if (result.success) {
    ctx.counter.count('EventsAccepted');
    return { accepted: true, value: result.data };
  }
  return reject(describeIssues(result.error), raw, parsed, ctx);
}

async function reject(reason: string, raw: string, parsed: unknown, ctx: IngestContext): Promise<IngestResult<never>> {
  const envelope = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const quarantineId = await ctx.quarantine.put({
    component: ctx.component,
    reason,
    payload: raw,
    source: typeof envelope.source === 'string' ? envelope.source : undefined,
    detailType: typeof envelope['detail-type'] === 'string' ? envelope['detail-type'] : undefined,
    eventId: typeof envelope.id === 'string' ? envelope.id : undefined,
  });
  ctx.counter.count('EventsQuarantined');
  return { accepted: false, reason, quarantineId };
}

/** A key as the schema names it; anything else may be input data (an e-mail used as a key, say). */
const SCHEMA_KEY = /^[A-Za-z_$][\w$-]{0,63}$/;

export function safeKey(key: PropertyKey): string {
  if (typeof key === 'number') return String(key);
  return SCHEMA_KEY.test(String(key)) ? String(key) : '<key>';
}

/**
 * zod issues as one line: paths and messages only, never the offending values (they may be
 * Restricted). Keys come from the input too, so a key that does not look like a schema field name
 * is shown as <key>, in paths and in zod's "unrecognized key" messages alike.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(safeKey).join('.') : '(event)';
      const message = issue.code === 'unrecognized_keys' ? `unrecognized key(s): ${issue.keys.map(safeKey).join(', ')}` : issue.message;
      return `${path}: ${message}`;
    })
    .join('; ');
}
