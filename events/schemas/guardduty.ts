import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_DETAIL_TYPE = 'GuardDuty Finding';

const GuardDutyServiceSchema = z.looseObject({
  serviceName: z.string().optional(),
  detectorId: z.string().optional(),
  action: z.looseObject({ actionType: z.string().optional() }).optional(),
  resourceRole: z.string().optional(),
  // Sample findings (CreateSampleFindings) say so here, as a boolean or as the string "true": the relay skips them.
  additionalInfo: z
    .looseObject({ sample: z.union([z.boolean(), z.string()]).optional() })
    .nullable()
    .optional(),
  eventFirstSeen: z.string().optional(),
  eventLastSeen: z.string().optional(),
  archived: z.boolean().optional(),
  // GuardDuty republishes an updated finding under the same id with a higher count.
  count: z.number().int().nonnegative().optional(),
});

/** A GuardDuty finding (the `detail`). Loose: finding types add their own resource and action details. */
export const GuardDutyFindingSchema = z.looseObject({
  schemaVersion: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  partition: z.string().optional(),
  id: z.string().min(1),
  arn: z.string().startsWith('arn:'),
  type: z.string().min(1),
  resource: z.looseObject({ resourceType: z.string() }),
  service: GuardDutyServiceSchema,
  // Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.
  severity: z.number().min(0).max(10),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  title: z.string(),
  description: z.string().optional(),
});

export const GuardDutyFindingEventSchema = EventBridgeSchema.extend({
  source: z.literal(GUARDDUTY_SOURCE),
  'detail-type': z.literal(GUARDDUTY_DETAIL_TYPE),
  detail: GuardDutyFindingSchema,
});

export type GuardDutyFinding = z.infer<typeof GuardDutyFindingSchema>;
export type GuardDutyFindingEvent = z.infer<typeof GuardDutyFindingEventSchema>;
