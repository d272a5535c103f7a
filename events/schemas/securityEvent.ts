import { z } from 'zod';
import { CloudTrailEventSchema } from './cloudtrail';
import { CognitoAuthEventSchema } from './cognitoAuthEvent';

/**
 * What the security detector accepts: CloudTrail records as EventBridge delivers them, and the
 * Cognito threat-protection auth events the bridge publishes, whose detail is a CloudTrail-compatible
 * record (events/schemas/cognitoAuthEvent.ts). Told apart by detail-type, so a refused event's
 * reason names the paths of its own contract (detail.eventName, not "no union member matched").
 */
export const SecurityEventSchema = z.discriminatedUnion('detail-type', [CloudTrailEventSchema, CognitoAuthEventSchema]);

export type SecurityEvent = z.infer<typeof SecurityEventSchema>;
