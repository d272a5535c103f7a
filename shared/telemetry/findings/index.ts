export { BATCH_LABEL, type BatchSource, PII_IN_UNRESTRICTED_FIELD, piiOccurrences } from './piiInUnrestrictedField';
