export { QUARANTINE_SCHEMA_VERSION, QUARANTINE_SEALED_FIELDS, QuarantineStore, quarantineEntryId } from './QuarantineStore';
export type { QuarantineEntry, QuarantineStoreOptions } from './QuarantineStore';
