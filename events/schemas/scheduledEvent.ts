import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/** What an EventBridge schedule sends a function (a `schedule` trigger): its time is the time the schedule fired. */
export const ScheduledEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
