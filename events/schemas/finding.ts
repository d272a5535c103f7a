import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { SEVERITIES } from '../../shared/findings/severity';

/** The finding as it travels on the Vigil bus. */
export const FINDING_SOURCE = 'vigil.findings';
export const FINDING_DETAIL_TYPE = 'Vigil Finding';
/** A finding keeps the ids of its first 100 events (`eventIds`, README.md `out/findings.jsonl`); `count` goes on. */
export const MAX_EVENT_IDS = 100;

/** Scalar evidence only: allow-listed, never a Restricted value (pseudonymise those first). */
export const EvidenceValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A Vigil finding: what a detector concluded from one or more events. Its id is derived from
 * detection + dedup key + window (shared/findings/findingId.ts), so the same conclusion reached twice
 * is one finding. The one definition: the `Finding` type (shared/findings/types.ts) is inferred from it.
 */
export const FindingSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  detection: z.string().regex(/^[a-z0-9-]+$/),
  severity: z.enum(SEVERITIES),
  title: z.string().min(1),
  description: z.string(),
  /** Who or what the finding is about (an ARN, a user name, an IP); pseudonymised where Restricted. */
  subject: z.string(),
  dedupKey: z.string(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  count: z.number().int().positive(),
  /** EventBridge event ids (envelope `id`) behind the finding, the first MAX_EVENT_IDS at most. */
  eventIds: z.array(z.string()).max(MAX_EVENT_IDS),
  mitre: z.array(z.string()),
  /** Path of the runbook in this repository: docs/runbooks/<detection>.md */
  runbook: z.string(),
  /** Where the evidence came from: the envelope source of the triggering event (e.g. aws.cloudtrail). */
  source: z.string(),
  account: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  evidence: z.record(z.string(), EvidenceValueSchema),
});

/** "Vigil Finding" on the Vigil bus. */
export const FindingEventSchema = EventBridgeSchema.extend({
  source: z.literal(FINDING_SOURCE),
  'detail-type': z.literal(FINDING_DETAIL_TYPE),
  detail: FindingSchema,
});

export type FindingEvent = z.infer<typeof FindingEventSchema>;
