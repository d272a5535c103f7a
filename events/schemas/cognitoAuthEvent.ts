import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { CloudTrailRecordSchema } from './cloudtrail';

/*
 * Cognito threat protection (advanced security, Plus plan) auth events, two contracts:
 *
 * 1. CognitoUserAuthLogSchema: one record of a user pool's `userAuthEvents` log export
 *    (SetLogDeliveryConfiguration, EventSource userAuthEvents, LogLevel INFO), one CloudWatch Logs
 *    log event each. The envelope says where it comes from (eventSource USER_AUTH_EVENTS, the pool in
 *    logSourceId, an epoch-millisecond eventTimestamp); `message` holds the auth event with the fields
 *    of the user pools API's AuthEventType (AdminListUserAuthEvents), camelCase: eventId, eventType,
 *    eventResponse, eventRisk {riskDecision, riskLevel, compromisedCredentialsDetected},
 *    challengeResponses, eventContextData {ipAddress, deviceName, timezone, city, country},
 *    eventFeedback, plus the user's sub, user name and app client id. Loose on purpose (AWS adds
 *    fields); only the event id and type are required, enumerations are read whatever their case.
 *
 * 2. CognitoAuthEventSchema: the event functions/cognito-auth-bridge publishes on the Vigil bus for
 *    each of them (source vigil.cognito, detail-type "Cognito Threat Protection Auth Event"). Its
 *    detail is a CloudTrail-compatible record (CloudTrailRecordSchema extended), so the security
 *    detector, its detection contract (shared/detections/detection.ts: a detection reads a
 *    CloudTrail envelope), the finding store and the audit trail take it as they take CloudTrail:
 *    eventTime, eventSource cognito-idp.amazonaws.com, eventName the Cognito event type (SignIn,
 *    SignUp, ...), eventID the Cognito event id, sourceIPAddress, recipientAccountId the pool's account,
 *    and the verdict in additionalEventData. eventType "CognitoUserAuthEvent" and the source keep it
 *    apart from what CloudTrail itself records. The user name (Restricted, often an e-mail address)
 *    never reaches the bus: like CloudTrail, the record names the user by `sub`.
 */

export const COGNITO_AUTH_SOURCE = 'vigil.cognito';
export const COGNITO_AUTH_DETAIL_TYPE = 'Cognito Threat Protection Auth Event';
export const COGNITO_IDP_EVENT_SOURCE = 'cognito-idp.amazonaws.com';
/** `detail.eventType` of a bridged record (CloudTrail's own are AwsApiCall, AwsServiceEvent, ...). */
export const COGNITO_AUTH_EVENT_TYPE = 'CognitoUserAuthEvent';
/** `detail.eventVersion`: the version of the bridged record's layout. */
export const COGNITO_AUTH_RECORD_VERSION = '1.0';
/** `detail.userIdentity.type` of a bridged record: an end user of a user pool, named by sub. */
export const COGNITO_USER_IDENTITY_TYPE = 'CognitoUserPoolUser';

export const COGNITO_EVENT_TYPES = ['SignIn', 'SignUp', 'ForgotPassword', 'PasswordChange', 'ResendCode'] as const;
export const COGNITO_EVENT_RESPONSES = ['Pass', 'Fail', 'InProgress'] as const;
export const COGNITO_RISK_LEVELS = ['Low', 'Medium', 'High'] as const;
export const COGNITO_RISK_DECISIONS = ['NoRisk', 'AccountTakeover', 'Block'] as const;

/** `<region>_<id>`, as the user pools API writes it (pattern [\w-]+_[0-9a-zA-Z]+, at most 55 characters). */
export const UserPoolIdSchema = z
  .string()
  .max(55)
  .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'expected a user pool id such as "eu-west-1_Vq3Lm8TzR"');

/** A value of a known enumeration in its documented spelling whatever the case it came in; an unknown one as given. */
function caseless(values: readonly string[]) {
  return z
    .string()
    .min(1)
    .transform((value) => values.find((known) => known.toLowerCase() === value.toLowerCase()) ?? value);
}

/** true/false, also written as a string. */
const FlagSchema = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, 'expected true or false')
    .transform((v) => v.toLowerCase() === 'true'),
]);

/** Epoch milliseconds, as a number or a string of digits. */
const EpochMillisSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,16}$/, 'expected epoch milliseconds')
    .transform(Number),
]);

const EventRiskSchema = z.looseObject({
  riskDecision: caseless(COGNITO_RISK_DECISIONS).optional(),
  riskLevel: caseless(COGNITO_RISK_LEVELS).optional(),
  compromisedCredentialsDetected: FlagSchema.optional(),
  /** The singular spelling, read as the same flag. */
  compromisedCredentialDetected: FlagSchema.optional(),
});

const ChallengeResponseSchema = z.looseObject({
  challengeName: z.string().min(1),
  challengeResponse: z.string().min(1),
});

const EventContextDataSchema = z.looseObject({
  ipAddress: z.string().min(1).optional(),
  deviceName: z.string().optional(),
  timezone: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
});

/** The auth event itself (`message` of an export record). */
export const CognitoUserAuthMessageSchema = z.looseObject({
  version: z.string().optional(),
  eventId: z.string().min(1),
  eventType: caseless(COGNITO_EVENT_TYPES),
  eventTimestamp: EpochMillisSchema.optional(),
  eventResponse: caseless(COGNITO_EVENT_RESPONSES).optional(),
  eventRisk: EventRiskSchema.optional(),
  challengeResponses: z.array(ChallengeResponseSchema).optional(),
  eventContextData: EventContextDataSchema.optional(),
  eventFeedback: z.looseObject({ feedbackValue: z.string().optional(), provider: z.string().optional() }).optional(),
  userPoolId: UserPoolIdSchema.optional(),
  clientId: z.string().min(1).optional(),
  userSub: z.string().min(1).optional(),
  /** Restricted (often the e-mail address): validated as text, never forwarded, logged or stored in clear. */
  userName: z.string().optional(),
});

/** `message` as an object, or as JSON text of one (a record exported with its message serialised). */
const MessageSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // reported by the object schema: expected object, received string
  }
}, CognitoUserAuthMessageSchema);

/** One `userAuthEvents` export record: the message of one CloudWatch Logs log event, parsed. */
export const CognitoUserAuthLogSchema = z
  .looseObject({
    eventTimestamp: EpochMillisSchema.optional(),
    eventSource: z
      .string()
      .refine((source) => source.toUpperCase() === 'USER_AUTH_EVENTS', 'expected USER_AUTH_EVENTS (a userAuthEvents export record)')
      .optional(),
    logLevel: z.string().optional(),
    logSourceId: z.looseObject({ userPoolId: UserPoolIdSchema.optional() }).optional(),
    message: MessageSchema,
  })
  .superRefine((log, ctx) => {
    if (!log.logSourceId?.userPoolId && !log.message.userPoolId) {
      ctx.addIssue({ code: 'custom', path: ['logSourceId', 'userPoolId'], message: 'no user pool id (logSourceId or message)' });
    }
  });

/** What threat protection concluded, in a bridged record's additionalEventData (scalars, no Restricted value). */
export const CognitoAuthVerdictSchema = z.strictObject({
  userPoolId: UserPoolIdSchema,
  clientId: z.string().min(1).optional(),
  sub: z.string().min(1).optional(),
  eventResponse: z.string().min(1).optional(),
  riskLevel: z.string().min(1).optional(),
  riskDecision: z.string().min(1).optional(),
  compromisedCredentialsDetected: z.boolean(),
  /** "Password:Success", "Mfa:Failure", in the order answered. */
  challenges: z.array(z.string()).max(20),
  deviceName: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  timezone: z.string().optional(),
  /** Valid or Invalid: feedback already given on the event (UpdateAuthEventFeedback). */
  feedback: z.string().optional(),
  /** Where the record was read: the log group and stream, and the CloudWatch Logs event id. */
  logGroup: z.string().min(1),
  logStream: z.string().min(1),
  logEventId: z.string(),
});

/** The bridged record: a CloudTrail-compatible detail (see the comment at the top). */
export const CognitoAuthDetailSchema = CloudTrailRecordSchema.extend({
  eventVersion: z.literal(COGNITO_AUTH_RECORD_VERSION),
  eventSource: z.literal(COGNITO_IDP_EVENT_SOURCE),
  eventType: z.literal(COGNITO_AUTH_EVENT_TYPE),
  userIdentity: z.strictObject({
    type: z.literal(COGNITO_USER_IDENTITY_TYPE),
    /** The user's sub, when the event names one. */
    principalId: z.string().min(1).optional(),
    accountId: z.string().regex(/^\d{12}$/),
  }),
  recipientAccountId: z.string().regex(/^\d{12}$/),
  additionalEventData: CognitoAuthVerdictSchema,
});

/** A bridged auth event on the Vigil bus (what the security detector's cognito-auth-events buffer delivers). */
export const CognitoAuthEventSchema = EventBridgeSchema.extend({
  source: z.literal(COGNITO_AUTH_SOURCE),
  'detail-type': z.literal(COGNITO_AUTH_DETAIL_TYPE),
  detail: CognitoAuthDetailSchema,
});

export type CognitoUserAuthLog = z.infer<typeof CognitoUserAuthLogSchema>;
export type CognitoAuthVerdict = z.infer<typeof CognitoAuthVerdictSchema>;
export type CognitoAuthDetail = z.infer<typeof CognitoAuthDetailSchema>;
export type CognitoAuthEvent = z.infer<typeof CognitoAuthEventSchema>;
