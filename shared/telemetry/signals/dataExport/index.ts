export { APP_DATA_EXPORT_ANOMALY, appDataExportAnomaly, type DataExportAnomalyParams } from './appDataExportAnomaly';
export { type DataExportOutcome, DataExportMonitor } from './DataExportMonitor';
export { DATA_EXPORT_KIND, type ExportObservation, type ExportObservationsResult, exportObservations } from './exportObservations';
