import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/**
 * Audit records for the SIEM, as the audit recorder puts them on the Vigil bus for the alert router
 * (events/rules/audit-records.json): one event carries up to MAX_AUDIT_RECORDS_PER_EVENT OCSF 1.3.0
 * events (Authentication 3002, API Activity 6003; shared/audit/ocsf.ts), so the router runs once per
 * batch of records, not once per sign-in. The OCSF events are checked here for what the router relies
 * on; their full shape is the mapping's contract.
 */
export const AUDIT_RECORDS_SOURCE = 'vigil.audit';
export const AUDIT_RECORDS_DETAIL_TYPE = 'Vigil Audit Records';
export const MAX_AUDIT_RECORDS_PER_EVENT = 50;

export const OcsfAuditEventSchema = z.looseObject({
  class_uid: z.union([z.literal(3002), z.literal(6003)]),
  category_uid: z.union([z.literal(3), z.literal(6)]),
  activity_id: z.number().int(),
  type_uid: z.number().int(),
  severity_id: z.number().int(),
  time: z.number().int().nonnegative(),
  metadata: z.looseObject({ uid: z.string().min(1), version: z.string().min(1) }),
});

export const AuditRecordsSchema = z.strictObject({
  records: z.array(OcsfAuditEventSchema).min(1).max(MAX_AUDIT_RECORDS_PER_EVENT),
});

/** "Vigil Audit Records" on the Vigil bus. */
export const AuditRecordsEventSchema = EventBridgeSchema.extend({
  source: z.literal(AUDIT_RECORDS_SOURCE),
  'detail-type': z.literal(AUDIT_RECORDS_DETAIL_TYPE),
  detail: AuditRecordsSchema,
});

export type AuditRecordsEvent = z.infer<typeof AuditRecordsEventSchema>;
