import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/** What an EventBridge schedule sends its target: source aws.events, detail-type "Scheduled Event", the rule in resources. */
export const ScheduledEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
  detail: z.looseObject({}),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
