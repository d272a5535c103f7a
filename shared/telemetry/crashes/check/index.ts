export { CHECK_CURSOR_KEY, CheckCursor, DynamoCheckCursor, InMemoryCheckCursor } from './CheckCursor';
export {
  CrashCheck,
  type CrashCheckOptions,
  type CrashCheckOutcome,
  type CrashEventQuery,
  MAX_EVENTS_PER_RUN,
  type OccurrenceRecorder,
} from './CrashCheck';
export { CRASH_CHECK_FINDING_SOURCE, type CheckWhere, occurrenceOf, type Placement } from './occurrences';
export { FIRST_RUN_LOOKBACK_MINUTES, MAX_CATCH_UP_MINUTES, SETTLE_MINUTES, SLOT_MINUTES, settledHorizon, slotEnds } from './slots';
export { TimeOrderedEvents } from './TimeOrderedEvents';
