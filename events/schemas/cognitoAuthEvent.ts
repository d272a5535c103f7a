import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { CloudTrailRecordSchema } from './cloudtrail';

/*
 * Cognito threat protection (advanced security, Plus plan) auth events, two contracts:
 *
 * 1. CognitoUserAuthLogSchema: one record of a user pool's user-activity log export
 *    (SetLogDeliveryConfiguration, EventSource userAuthEvents, LogLevel INFO), the message of one
 *    CloudWatch Logs log event (or one Firehose record, one S3 line), in the documented format of AWS's
 *    "Exporting logs from Amazon Cognito user pools" (the reference notes' alerting.md §4.5 and §4.7,
 *    Example B). The envelope: eventTimestamp (epoch milliseconds, as a string), eventSource
 *    USER_ACTIVITY, logLevel INFO, logSourceId.userPoolId. `message` is FLAT, one auth event:
 *      version, eventId (the AdminListUserAuthEvents event id), eventType, eventResponse, userSub,
 *      userName (Restricted), userPoolId, clientId, creationDate (Java's Date.toString, "Wed Jul 17
 *      17:25:55 UTC 2024": not read, eventTimestamp gives the time), riskLevel ("" when not evaluated),
 *      riskDecision (the API's NoRisk/AccountTakeover/Block, or "PASS" as AWS's export sample writes a
 *      no-risk decision: read as NoRisk), compromisedCredentialDetected (singular, a string boolean),
 *      challenges [{challengeName, challengeResponse}], ipAddress, city, country, deviceName,
 *      hasContextData (string boolean), requestId, idpName (federated sign-in),
 *      eventFeedbackValue/eventFeedbackDate/eventFeedbackProvider ("" until feedback is given).
 *    AWS says the schema is subject to change and fields may be null: a null or an empty string reads as
 *    absent, unknown fields are kept, only the event id and type are required, enumerations and
 *    booleans are read whatever their case, and eventSource may also be USER_AUTH_EVENTS.
 *    Fallback: the nested shape of the user pools API's AuthEventType, camelCase (eventRisk
 *    {riskDecision, riskLevel, compromisedCredentialsDetected}, challengeResponses, eventContextData
 *    {ipAddress, deviceName, timezone, city, country}, eventFeedback {feedbackValue, provider}), is read
 *    the same; a flat field wins over its nested twin.
 *
 * 2. CognitoAuthEventSchema: the event functions/cognito-auth-bridge publishes on the Vigil bus for
 *    each of them (source vigil.cognito, detail-type "Cognito Threat Protection Auth Event"). Its
 *    detail is a CloudTrail-compatible record (CloudTrailRecordSchema extended), so the security
 *    detector, its detection contract (shared/detections/detection.ts: a detection reads a
 *    CloudTrail envelope), the finding store and the audit trail take it as they take CloudTrail:
 *    eventTime, eventSource cognito-idp.amazonaws.com, eventName the Cognito event type (SignIn,
 *    SignUp, ...), eventID the Cognito event id, requestID Cognito's request id, sourceIPAddress,
 *    recipientAccountId the pool's account, and the verdict in additionalEventData. eventType
 *    "CognitoUserAuthEvent" and the source keep it apart from what CloudTrail itself records. The user
 *    name (Restricted, often an e-mail address) never reaches the bus: like CloudTrail, the record
 *    names the user by `sub`.
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
/** eventSource of an export record: USER_ACTIVITY as documented; USER_AUTH_EVENTS also read. Any case. */
export const COGNITO_EXPORT_EVENT_SOURCES = ['USER_ACTIVITY', 'USER_AUTH_EVENTS'] as const;

/** `<region>_<id>`, as the user pools API writes it (pattern [\w-]+_[0-9a-zA-Z]+, at most 55 characters). */
export const UserPoolIdSchema = z
  .string()
  .max(55)
  .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'expected a user pool id such as "eu-west-1_Vq3Lm8TzR"');

/**
 * An export field that may be missing: null ("fields may be null") and "" (riskLevel not evaluated,
 * idpName of a local user, eventFeedbackValue before any feedback) read as absent.
 */
function mayBeAbsent<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === null || value === '' ? undefined : value), schema.optional());
}

/** A value of a known enumeration in its documented spelling whatever the case it came in; an unknown one as given. */
function caseless(values: readonly string[]) {
  return z
    .string()
    .min(1)
    .transform((value) => values.find((known) => known.toLowerCase() === value.toLowerCase()) ?? value);
}

/**
 * The risk decision in the API's vocabulary (NoRisk, AccountTakeover, Block), whatever its case or
 * separators; the export's "PASS" (AWS's sample of a no-risk sign-up) is NoRisk. An unknown one as given.
 */
const RISK_DECISION_SPELLINGS: Readonly<Record<string, (typeof COGNITO_RISK_DECISIONS)[number]>> = {
  norisk: 'NoRisk',
  pass: 'NoRisk',
  accounttakeover: 'AccountTakeover',
  block: 'Block',
};
const RiskDecisionSchema = z
  .string()
  .min(1)
  .transform((value) => RISK_DECISION_SPELLINGS[value.toLowerCase().replace(/[\s_-]/g, '')] ?? value);

/** true/false, also written as a string ("false", as the export writes it). */
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

const Text = mayBeAbsent(z.string());
/** A field kept but not read (a version, a date in whatever form): text or a number. */
const Unread = mayBeAbsent(z.union([z.string(), z.number()]));

const ChallengeSchema = z.looseObject({
  challengeName: z.string().min(1),
  /** Success or Failure. */
  challengeResponse: mayBeAbsent(z.string()),
});
const ChallengesSchema = mayBeAbsent(z.array(ChallengeSchema));

/** Fallback: AuthEventType's EventRisk. */
const EventRiskSchema = z.looseObject({
  riskDecision: mayBeAbsent(RiskDecisionSchema),
  riskLevel: mayBeAbsent(caseless(COGNITO_RISK_LEVELS)),
  compromisedCredentialsDetected: mayBeAbsent(FlagSchema),
  /** The singular spelling, read as the same flag. */
  compromisedCredentialDetected: mayBeAbsent(FlagSchema),
});

/** Fallback: AuthEventType's EventContextData. */
const EventContextDataSchema = z.looseObject({
  ipAddress: Text,
  deviceName: Text,
  timezone: Text,
  city: Text,
  country: Text,
});

/** Fallback: AuthEventType's EventFeedback. */
const EventFeedbackSchema = z.looseObject({ feedbackValue: Text, provider: Text, feedbackDate: Unread });

/** The auth event itself (`message` of an export record): the documented flat fields, then the nested fallback. */
export const CognitoUserAuthMessageSchema = z.looseObject({
  version: Unread,
  eventId: z.string().min(1),
  eventType: caseless(COGNITO_EVENT_TYPES),
  eventResponse: mayBeAbsent(caseless(COGNITO_EVENT_RESPONSES)),
  userPoolId: mayBeAbsent(UserPoolIdSchema),
  clientId: Text,
  userSub: Text,
  /** Restricted (often the e-mail address): validated as text, never forwarded, logged or stored in clear. */
  userName: Text,
  /** "Wed Jul 17 17:25:55 UTC 2024" (Java's Date.toString): kept as text, not read; the record's eventTimestamp is the time. */
  creationDate: Unread,
  /** Not in the documented record; read when a record carries it. */
  eventTimestamp: mayBeAbsent(EpochMillisSchema),
  riskLevel: mayBeAbsent(caseless(COGNITO_RISK_LEVELS)),
  riskDecision: mayBeAbsent(RiskDecisionSchema),
  compromisedCredentialDetected: mayBeAbsent(FlagSchema),
  /** The API's plural spelling, read as the same flag. */
  compromisedCredentialsDetected: mayBeAbsent(FlagSchema),
  challenges: ChallengesSchema,
  ipAddress: Text,
  city: Text,
  country: Text,
  deviceName: Text,
  /** Whether the client sent context data (device, address) for the risk evaluation. */
  hasContextData: mayBeAbsent(FlagSchema),
  requestId: Text,
  /** The identity provider of a federated sign-in. */
  idpName: Text,
  /** Valid or Invalid once feedback is given (UpdateAuthEventFeedback). */
  eventFeedbackValue: Text,
  eventFeedbackDate: Unread,
  eventFeedbackProvider: Text,
  eventRisk: mayBeAbsent(EventRiskSchema),
  challengeResponses: ChallengesSchema,
  eventContextData: mayBeAbsent(EventContextDataSchema),
  eventFeedback: mayBeAbsent(EventFeedbackSchema),
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

/** One user-activity export record: the message of one CloudWatch Logs log event, parsed. */
export const CognitoUserAuthLogSchema = z
  .looseObject({
    eventTimestamp: mayBeAbsent(EpochMillisSchema),
    eventSource: mayBeAbsent(
      z
        .string()
        .refine(
          (source) => (COGNITO_EXPORT_EVENT_SOURCES as readonly string[]).includes(source.toUpperCase()),
          'expected USER_ACTIVITY (a userAuthEvents export record)',
        ),
    ),
    logLevel: Text,
    logSourceId: mayBeAbsent(z.looseObject({ userPoolId: mayBeAbsent(UserPoolIdSchema) })),
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
  /** Absent: not evaluated (the export's ""). */
  riskLevel: z.string().min(1).optional(),
  riskDecision: z.string().min(1).optional(),
  compromisedCredentialsDetected: z.boolean(),
  /** "Password:Success", "Mfa:Failure", in the order answered. */
  challenges: z.array(z.string()).max(20),
  deviceName: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  /** Only from the nested fallback (the documented record has no time zone). */
  timezone: z.string().optional(),
  /** Whether the client sent context data for the risk evaluation. */
  hasContextData: z.boolean().optional(),
  /** The identity provider of a federated sign-in. */
  idpName: z.string().min(1).optional(),
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
