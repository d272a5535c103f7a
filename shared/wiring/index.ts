export { createBaseDependencies } from './baseDependencies';
export type { BaseDependencies } from './baseDependencies';
export { sqsBatchHandler } from './sqsBatchHandler';
