export type { BurnEvaluation, BurnLevel, BurnWindowRule, RuleOutcome, WindowBurn } from './burnRate';
export { burnRate, DEFAULT_BURN_RULES, evaluateBurn, lookbackMinutes, validateRules, validateTarget } from './burnRate';
export { DynamoSloBucketStore, SLO_PK_PREFIX } from './DynamoSloBucketStore';
export { InvalidMinuteCountError, InvalidSloError, SloError, SloStoreError } from './errors';
export { InMemorySloBucketStore } from './InMemorySloBucketStore';
export type { MinuteCount } from './minuteCounts';
export { epochMinute, MINUTE_MS, validateMinuteCount, windowSums } from './minuteCounts';
export type { SloBucketStore } from './SloBucketStore';
