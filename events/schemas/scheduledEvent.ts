import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/**
 * What an EventBridge schedule sends its target: detail-type "Scheduled Event", source aws.events, an
 * empty detail, the rule's ARN in `resources` (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 * The embedded runtime sends the same on event time during a replay (infra/local/runtime/triggerEvents.ts).
 */
export const ScheduledEventSchema = EventBridgeSchema.extend({
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  detail: z.looseObject({}),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
