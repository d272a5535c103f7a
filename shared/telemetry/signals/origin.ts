/** Where a telemetry batch came from, as its EventBridge envelope says: what a finding names as its source. */
export interface BatchOrigin {
  readonly source: string;
  readonly account: string;
  readonly region: string;
}

/** The app-telemetry rule's pattern and the function that concludes the app signal detections (RelayedDetection.source). */
export const APP_SIGNALS_FUNCTION = 'app-telemetry';
