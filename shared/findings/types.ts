import type { z } from 'zod';
import type { EvidenceValueSchema, FindingSchema } from '../../events/schemas/finding';

/**
 * The finding's types, inferred from its one definition: the zod schema of the bus contract
 * (events/schemas/finding.ts). The constants live with what they describe: the bus contract there,
 * the severity scale in ./severity.ts; re-exported here for the modules that use them with `Finding`.
 */
export type Finding = z.infer<typeof FindingSchema>;
export type EvidenceValue = z.infer<typeof EvidenceValueSchema>;

export { FINDING_DETAIL_TYPE, FINDING_SOURCE, MAX_EVENT_IDS } from '../../events/schemas/finding';
export { SEVERITIES } from './severity';
export type { Severity } from './severity';
