import type { RelayedDetection } from '../../detections/relayed';
import { appDataExportAnomaly } from './dataExport/appDataExportAnomaly';
import { appLatencySloBurn } from './latency/appLatencySloBurn';
import { experimentSampleRatioMismatch } from './sampleRatio/experimentSampleRatioMismatch';
import { telemetrySchemaRejections } from './schemaRejections/telemetrySchemaRejections';

/**
 * The detections functions/app-telemetry concludes (RELAYED_DETECTIONS lists them). A leaf module: the definitions
 * only, so that the detection registry can import it without importing the monitors (which import the registry).
 */
export const APP_SIGNAL_DETECTIONS: readonly RelayedDetection[] = [
  telemetrySchemaRejections as RelayedDetection,
  experimentSampleRatioMismatch as RelayedDetection,
  appLatencySloBurn as RelayedDetection,
  appDataExportAnomaly as RelayedDetection,
];
