export { ErasureError, PseudonymError, TelemetryPrivacyError } from './errors';
export { eraseUserState, type UserStateErasure } from './eraseUserState';
export { isIpField, truncateIp } from './ipAddress';
export { KmsPseudonymizer, type KmsPseudonymizerOptions } from './KmsPseudonymizer';
export { type RetentionPlan, type RetentionStrip, retentionPlan } from './retention';
