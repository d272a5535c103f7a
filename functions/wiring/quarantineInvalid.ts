import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { acceptOrQuarantine } from '../../shared/ingest';
import type { BaseDependencies } from './baseDependencies';

/**
 * middy: validates the event against its contract before the handler runs. A valid event reaches
 * the handler parsed (zod's output); an invalid one is quarantined with its reason and counted
 * (shared/ingest), the warning names ids and the sanitised reason only, and the invocation returns
 * `{ quarantined: true, quarantineId }` without calling the handler.
 */
export function quarantineInvalid(schema: z.ZodType, deps: Pick<BaseDependencies, 'logger' | 'ingest'>): MiddlewareObj {
  return {
    before: async (request) => {
      const input = await acceptOrQuarantine(request.event, schema, deps.ingest);
      if (input.accepted) {
        request.event = input.value;
        return undefined;
      }
      deps.logger.warn('event quarantined', { quarantineId: input.quarantineId, reason: input.reason });
      // A value returned from `before` ends the invocation with it (middy's early return).
      return { quarantined: true, quarantineId: input.quarantineId };
    },
  };
}
