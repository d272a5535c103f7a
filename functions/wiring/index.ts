export { createBaseDependencies } from './baseDependencies';
export type { BaseDependencies } from './baseDependencies';
export { ABORT_BEFORE_DEADLINE_MS, GIVE_UP_BEFORE_DEADLINE_MS, eventHandler, handlerStack } from './handlerStack';
export type { InvocationOptions, QuarantinedResult, StackDependencies } from './handlerStack';
export { MetricTally } from './MetricTally';
export { quarantineInvalid } from './quarantineInvalid';
export { sqsBatchHandler } from './sqsBatchHandler';
export type { AcceptedRecord, SqsBatchSteps } from './sqsBatchHandler';
