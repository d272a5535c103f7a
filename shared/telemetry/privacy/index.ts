export { PseudonymError, TelemetryPrivacyError } from './errors';
export { isIpField, truncateIp } from './ipAddress';
export { KmsPseudonymizer, type KmsPseudonymizerOptions } from './KmsPseudonymizer';
export { type RetentionPlan, type RetentionStrip, retentionPlan } from './retention';
