import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/** The detail-types under which EventBridge delivers CloudTrail records (the cloudtrail-activity rule). */
export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
] as const;

/** Free-form JSON objects CloudTrail copies from the request/response; each service shapes its own. */
const CloudTrailPayloadSchema = z.record(z.string(), z.unknown()).nullable().optional();

const SessionContextSchema = z.looseObject({
  sessionIssuer: z
    .looseObject({
      type: z.string().optional(),
      principalId: z.string().optional(),
      arn: z.string().optional(),
      accountId: z.string().optional(),
      userName: z.string().optional(),
    })
    .optional(),
  webIdFederationData: z.looseObject({}).optional(),
  attributes: z
    .looseObject({
      creationDate: z.string().optional(),
      mfaAuthenticated: z.string().optional(),
    })
    .optional(),
  sourceIdentity: z.string().optional(),
});

/**
 * `type` is optional: Cognito hosted-UI service events carry only `{ accountId }`. Every other field
 * depends on the identity type (Root, IAMUser, AssumedRole, AWSService, Unknown, ...).
 */
const UserIdentitySchema = z.looseObject({
  type: z.string().optional(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  accessKeyId: z.string().optional(),
  userName: z.string().optional(),
  invokedBy: z.string().optional(),
  sessionContext: SessionContextSchema.optional(),
  identityProvider: z.string().optional(),
});

const CloudTrailResourceSchema = z.looseObject({
  ARN: z.string().optional(),
  accountId: z.string().optional(),
  type: z.string().optional(),
});

const TlsDetailsSchema = z.looseObject({
  tlsVersion: z.string().optional(),
  cipherSuite: z.string().optional(),
  clientProvidedHostHeader: z.string().optional(),
});

/**
 * One raw CloudTrail record, as in a trail's log file or in the `detail` of an EventBridge event.
 * Loose on purpose: CloudTrail adds fields over event versions, and a record with a field we do not
 * know yet is still a valid record. Only what every record carries is required.
 */
export const CloudTrailRecordSchema = z.looseObject({
  eventVersion: z.string().regex(/^\d+\.\d+$/, 'expected a CloudTrail event version such as "1.09"'),
  userIdentity: UserIdentitySchema,
  eventTime: z.iso.datetime(),
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1),
  eventID: z.string().min(1),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  // Cognito hosted-UI records write "" for both on success: test for a non-empty value, not presence.
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: CloudTrailPayloadSchema,
  responseElements: CloudTrailPayloadSchema,
  additionalEventData: CloudTrailPayloadSchema,
  requestID: z.string().optional(),
  readOnly: z.boolean().optional(),
  resources: z.array(CloudTrailResourceSchema).optional(),
  eventType: z.string().optional(),
  managementEvent: z.boolean().optional(),
  recipientAccountId: z.string().optional(),
  eventCategory: z.string().optional(),
  sharedEventID: z.string().optional(),
  vpcEndpointId: z.string().optional(),
  vpcEndpointAccountId: z.string().optional(),
  serviceEventDetails: CloudTrailPayloadSchema,
  tlsDetails: TlsDetailsSchema.optional(),
  sessionCredentialFromConsole: z.string().optional(),
});

/** A CloudTrail record delivered by EventBridge (default bus, source `aws.<service>`). */
export const CloudTrailEventSchema = EventBridgeSchema.extend({
  source: z.string().startsWith('aws.'),
  'detail-type': z.enum(CLOUDTRAIL_DETAIL_TYPES),
  detail: CloudTrailRecordSchema,
});

export type CloudTrailDetailType = (typeof CLOUDTRAIL_DETAIL_TYPES)[number];
export type CloudTrailRecord = z.infer<typeof CloudTrailRecordSchema>;
export type CloudTrailEvent = z.infer<typeof CloudTrailEventSchema>;
