import { z } from 'zod';

/**
 * The audit record: who did what, on what, when, from where, with what outcome, for every
 * authentication and every sensitive operation, as stored in the AuditTrail table and hashed into
 * its partition's chain. One definition: the types are inferred from these schemas, and a stored
 * body is parsed back through them (strict: an unknown field is a corrupt or foreign record).
 *
 * Data classes (DESIGN.md): workforce identities (IAM ARNs, role sessions, access key ids), account
 * ids, source IPs and user agents are Confidential, kept in plaintext as the findings keep them. A
 * Cognito user's `sub` is an app user's identifier, Restricted: it never appears in a record in
 * plaintext. It is sealed with the field key (`sealed`) and stands in the record as a keyed
 * pseudonym (`cognito:<HMAC>`), so one user's records still correlate and can be queried.
 */

export const AUDIT_SCHEMA_VERSION = 1;

/** Authentications (sign-in, Cognito auth, a person assuming a role) and sensitive operations (writes the catalogue watches). */
export const AUDIT_KINDS = ['authentication', 'operation'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * What kind of act. Authentications: logon (a new session: a console sign-in, an assumed role, a
 * Cognito token), logoff (a session ended or tokens revoked), preauth (an MFA step on its own).
 * Operations: the CRUD verb of the call, `other` when its name says none.
 */
export const AUDIT_ACTIVITIES = ['logon', 'logoff', 'preauth', 'create', 'read', 'update', 'delete', 'other'] as const;
export type AuditActivity = (typeof AUDIT_ACTIVITIES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** At most this many targets per record ("on what"), each at most MAX_TEXT characters. */
export const MAX_TARGETS = 16;
export const MAX_TEXT = 512;

const Text = z.string().max(MAX_TEXT);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex');
/** Always `Date.prototype.toISOString()` (milliseconds, Z), so stored times sort as text. */
const IsoTime = z.iso.datetime({ precision: 3 });

export const AuditActorSchema = z.strictObject({
  /** CloudTrail's userIdentity.type (IAMUser, AssumedRole, Root, SAMLUser, AWSService, Unknown, ...). */
  type: Text,
  /**
   * Who acted, as the principal index knows it: the identity's ARN, `cognito:<pseudonym>` for an app
   * user, absent when the record does not say (a failed sign-in for a user name that does not exist).
   */
  principal: Text.optional(),
  /** The role behind an assumed-role session (sessionIssuer.arn): the issuer index. */
  issuer: Text.optional(),
  account: Text.optional(),
  accessKeyId: Text.optional(),
  /** Whether MFA was used: the sign-in's MFAUsed, or the session's mfaAuthenticated. */
  mfa: z.boolean().optional(),
  /** An AWS service that made the call on the principal's behalf (userIdentity.invokedBy). */
  invokedBy: Text.optional(),
  /** The IAM identity that made the call for an app user (a backend calling AdminInitiateAuth). */
  relayedBy: Text.optional(),
  /** The session's source identity (sts:SourceIdentity), when the session carries one. */
  sourceIdentity: Text.optional(),
});

export const AuditEntrySchema = z.strictObject({
  v: z.literal(AUDIT_SCHEMA_VERSION),
  /** The EventBridge event id: the idempotency key (a redelivered event is recorded once). */
  eventId: Text.min(1),
  /** CloudTrail's own eventID. */
  cloudTrailEventId: Text,
  kind: z.enum(AUDIT_KINDS),
  activity: z.enum(AUDIT_ACTIVITIES),
  /** Event time: when it happened. */
  time: IsoTime,
  /** Wall-clock time Vigil recorded it (a record written long after its event time is itself worth a look). */
  recordedAt: IsoTime,
  account: Text,
  region: Text,
  actor: AuditActorSchema,
  /** What: the service (CloudTrail eventSource) and the operation (eventName). */
  action: z.strictObject({ service: Text, operation: Text, eventType: Text.optional() }),
  /** For an authentication, who or what is authenticated into: the user signing in, the role assumed. */
  subject: Text.optional(),
  /** On what: ARNs and names of the resources acted on (Restricted ones pseudonymised). */
  targets: z.array(Text).max(MAX_TARGETS),
  /** From where. */
  source: z.strictObject({ ip: Text.optional(), userAgent: Text.optional(), vpcEndpointId: Text.optional() }),
  outcome: z.strictObject({ status: z.enum(AUDIT_OUTCOMES), errorCode: Text.optional() }),
  /**
   * Restricted values, sealed with the field key (shared/crypto FieldEncryptor, its context the table,
   * the event id and `fields`): base64 of the sealed JSON object whose keys are `fields`.
   */
  sealed: z.strictObject({ fields: z.array(Text).min(1), data: z.string().min(1) }).optional(),
  /** TTL (epoch seconds): the end of the partition's day plus the stage's retention, the same for a whole chain. */
  expiresAt: z.number().int().positive(),
});

/** An entry placed in its partition's chain. */
export const AuditRecordSchema = AuditEntrySchema.extend({
  partition: Text.min(1),
  seq: z.number().int().positive(),
  /** The previous record's hash; the partition's genesis hash for seq 1. */
  prevHash: Hex64,
});

export type AuditActor = z.infer<typeof AuditActorSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** A record as the store keeps it: the canonical body the hash is computed over, and that hash. */
export interface StoredAuditRecord {
  record: AuditRecord;
  /** canonicalJson(record): the exact text hashed. */
  body: string;
  hash: string;
}

export { Hex64 as AuditHashSchema };
