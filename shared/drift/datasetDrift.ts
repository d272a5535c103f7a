import { EmptySampleError, InvalidDriftArgumentError } from './errors';

/**
 * Dataset-level drift: the share of the tested features that drifted; the dataset has drifted when that share
 * reaches the threshold (share ≥ 0.5 by default, Evidently's drift_share rule).
 */

export const DEFAULT_DRIFT_SHARE = 0.5;

export interface DatasetDrift {
  /** Features tested. */
  readonly features: number;
  /** Features that drifted. */
  readonly drifted: number;
  /** drifted / features. */
  readonly share: number;
  /** share ≥ the threshold. */
  readonly drift: boolean;
  readonly threshold: number;
}

export function datasetDrift(drifted: Iterable<boolean>, threshold = DEFAULT_DRIFT_SHARE): DatasetDrift {
  if (!(threshold > 0 && threshold <= 1)) throw new InvalidDriftArgumentError(`drift share threshold must be in (0, 1], not ${threshold}`);
  let features = 0;
  let count = 0;
  for (const flag of drifted) {
    features += 1;
    if (flag) count += 1;
  }
  if (features === 0) throw new EmptySampleError('no feature was tested: the drift share is undefined');
  const share = count / features;
  return { features, drifted: count, share, drift: share >= threshold, threshold };
}
