export { type CheckedBatch, type IngestCountsReader, SchemaRejectionMonitor } from './SchemaRejectionMonitor';
export { type SchemaRejectionParams, TELEMETRY_SCHEMA_REJECTIONS, telemetrySchemaRejections } from './telemetrySchemaRejections';
