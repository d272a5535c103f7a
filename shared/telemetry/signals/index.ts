export { AppSignals, type AppSignalsOptions, type AppSignalsOutcome, type SignalBatch } from './AppSignals';
export { AppSignalError, AppSignalStoreError } from './errors';
export { APP_SIGNALS_FUNCTION, type BatchOrigin } from './origin';

export { APP_SIGNAL_DETECTIONS } from './detections';
