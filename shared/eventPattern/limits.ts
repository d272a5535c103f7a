/**
 * Limits that the EventBridge service enforces on top of event-ruler (the library itself has none of them).
 */

/**
 * Longest event pattern, in characters of its JSON text. The API shapes (TestEventPattern, PutRule) cap the
 * string at 4096; the default "Event pattern size" quota is 2048 but is adjustable up to 4096, and an account's
 * quota cannot be known here, so the hard API limit is the one enforced.
 */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

/** "$or" may expand a pattern into at most this many sub-patterns (AWS user guide, content filtering). */
export const MAX_OR_COMBINATIONS = 1000;

/**
 * Most wildcard-pattern states one value may keep alive at once on a field, see `wildcardComplexity.ts`.
 * The service does not publish its threshold; 10 is the value consistent with every AWS-recorded accept/reject.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;
