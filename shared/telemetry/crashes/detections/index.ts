export { appCrashRateSpike, type CrashRateSpikeParameters } from './crashRateSpike';
export { appErrorBurst, type ErrorBurstParameters } from './errorBurst';
export { appNewOrRegressedCrash, type KnownGroup, type NewOrRegressedInput, type NewOrRegressedParameters } from './newOrRegressedCrash';
export { crashDetectionParameters } from './parameters';
export type { CrashDetection, CrashDetectionHit } from './types';

import { appCrashRateSpike } from './crashRateSpike';
import { appErrorBurst } from './errorBurst';
import { appNewOrRegressedCrash } from './newOrRegressedCrash';

/** The crash detections, for the pipeline to wire (each evaluates the crash aggregates). */
export const CRASH_DETECTIONS = [appCrashRateSpike, appNewOrRegressedCrash, appErrorBurst] as const;
