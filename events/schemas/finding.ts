import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { FINDING_DETAIL_TYPE, FINDING_SOURCE, SEVERITIES } from '../../shared/findings/types';

/** A Vigil finding (shared/findings/types.ts), as detectors publish it. */
export const FindingSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  detection: z.string().regex(/^[a-z0-9-]+$/),
  severity: z.enum(SEVERITIES),
  title: z.string().min(1),
  description: z.string(),
  subject: z.string(),
  dedupKey: z.string(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  count: z.number().int().positive(),
  eventIds: z.array(z.string()).max(100),
  mitre: z.array(z.string()),
  runbook: z.string(),
  source: z.string(),
  account: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** "Vigil Finding" on the Vigil bus. */
export const FindingEventSchema = EventBridgeSchema.extend({
  source: z.literal(FINDING_SOURCE),
  'detail-type': z.literal(FINDING_DETAIL_TYPE),
  detail: FindingSchema,
});

export type FindingEvent = z.infer<typeof FindingEventSchema>;
