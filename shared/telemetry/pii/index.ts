export { PII_DETECTORS, type PiiDetector } from './detectors';
export { PII_KINDS, type PiiKind, redactionMarker } from './kinds';
export { looksLikeCardNumber, passesLuhn } from './luhn';
export { findPersonalData, type PiiMatch, type RedactedText, redactText } from './scanText';
export { type GuardedTelemetryEvent, type Redaction, redactPersonalData } from './redactEvents';
