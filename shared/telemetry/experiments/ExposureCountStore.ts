/** One exposure as the live sample-ratio check counts it: a unit (already pseudonymised) seen in a variant. */
export interface ExposureAssignment {
  readonly experimentKey: string;
  /** `<assignment unit>:<id>` (observations.ts): a user by pseudonym, a session by id. */
  readonly unit: string;
  readonly variant: string;
  /** Event time, epoch ms. */
  readonly time: number;
  readonly eventId: string;
}

/** What an assignment changed in the experiment's counts: a unit new to `added`, or moved from `removed` to `added`. */
export interface AssignmentChange {
  readonly added?: string;
  readonly removed?: string;
}

/**
 * Exposed units per experiment and variant, distinct per unit, shaped like Powertools' persistence layers (this
 * contract, DynamoExposureCountStore, InMemoryExposureCountStore). A unit counts once, in the variant of its earliest
 * exposure (event time, then event id), as ExperimentAnalysis places it: so the counts depend on the set of
 * exposures, not on their order or on redelivery.
 *   1. `assign`: a conditional write of the unit's assignment, replacing it only with an earlier exposure; it returns
 *      what changed (nothing for a redelivered or later exposure);
 *   2. `add`: the change added to the experiment's counts (ADD, atomic whoever writes).
 * Two writes, as the embedded DynamoDB has no transactions: a process that dies between them loses that one unit
 * from the counts (its redelivery finds the assignment made). A bounded undercount, against the double counting the
 * other order would risk; the SRM check is a chi-square over hundreds of units, and one unit does not move it.
 */
export interface ExposureCountStore {
  assign(assignment: ExposureAssignment, expiresAt: number): Promise<AssignmentChange>;
  add(experimentKey: string, deltas: ReadonlyMap<string, number>, expiresAt: number): Promise<void>;
  /** Exposed units per variant (consistent: what this batch added included). */
  counts(experimentKey: string): Promise<Map<string, number>>;
}

/** Whether exposure `a` comes before `b`: earlier event time, then the smaller event id. */
export function exposureBefore(a: Pick<ExposureAssignment, 'time' | 'eventId'>, b: Pick<ExposureAssignment, 'time' | 'eventId'>): boolean {
  return a.time < b.time || (a.time === b.time && a.eventId < b.eventId);
}
