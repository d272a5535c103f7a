import { z } from 'zod';

/*
 * CloudWatch Logs subscription payloads: what a subscription filter hands its Lambda destination.
 * The invocation event is `{"awslogs": {"data": "<base64 of the gzipped payload>"}}`; the payload is
 * either a DATA_MESSAGE (a batch of one log group's events) or a CONTROL_MESSAGE (the filter's own
 * reachability check, sent when the subscription is created: acknowledged, never an event).
 */

/** The Lambda invocation event of a log subscription (shared/logs decodes `data`). */
export const CloudWatchLogsEventSchema = z.looseObject({
  awslogs: z.looseObject({ data: z.string().min(1, 'awslogs.data is empty') }),
});

/** One log event of a batch: `message` is the line as written to the group (JSON text for Cognito's export). */
export const CloudWatchLogEventSchema = z.looseObject({
  id: z.string(),
  timestamp: z.number().int().nonnegative(),
  message: z.string(),
});

export const DataMessageSchema = z.looseObject({
  messageType: z.literal('DATA_MESSAGE'),
  /** The account that owns the log group. */
  owner: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  logGroup: z.string().min(1),
  logStream: z.string().min(1),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(CloudWatchLogEventSchema).min(1),
});

/** Sent once when the filter is created: owner "CloudwatchLogs", empty group and stream, one "CWL CONTROL MESSAGE" line. */
export const ControlMessageSchema = z.looseObject({
  messageType: z.literal('CONTROL_MESSAGE'),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(CloudWatchLogEventSchema),
});

/** A decoded subscription payload (also what `vigil replay` accepts in place of the `awslogs` form). */
export const CloudWatchLogsPayloadSchema = z.discriminatedUnion('messageType', [DataMessageSchema, ControlMessageSchema]);

export type CloudWatchLogsEvent = z.infer<typeof CloudWatchLogsEventSchema>;
export type CloudWatchLogEvent = z.infer<typeof CloudWatchLogEventSchema>;
export type CloudWatchLogsDataMessage = z.infer<typeof DataMessageSchema>;
export type CloudWatchLogsPayload = z.infer<typeof CloudWatchLogsPayloadSchema>;
