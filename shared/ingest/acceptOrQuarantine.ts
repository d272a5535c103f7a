import type { z } from 'zod';
import { jsonErrorReason } from '../events/jsonErrorReason';
import type { Counter } from '../observability/MetricTally';
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

/** zod issues as one line: paths and messages only, never the offending values (they may be Restricted). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(event)'}: ${issue.message}`)
    .join('; ');
}
