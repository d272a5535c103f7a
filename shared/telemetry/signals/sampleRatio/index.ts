export {
  EXPERIMENT_SAMPLE_RATIO_MISMATCH,
  experimentSampleRatioMismatch,
  type SampleRatioParams,
} from './experimentSampleRatioMismatch';
export { type ExposureObservation, SampleRatioMonitor } from './SampleRatioMonitor';
