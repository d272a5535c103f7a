import type { ComparisonMethod } from '../../drift';

/** One feature's drift score in one monitoring run: what `vigil drift history` prints and the monthly report charts. */
export interface DriftScore {
  readonly model: string;
  readonly feature: string;
  /** The end of the run's data window (ISO), the time axis of the trend. */
  readonly runTime: string;
  /** The processing job of the run: with runTime, its identity (a redelivered run overwrites itself). */
  readonly job: string;
  readonly type: 'numerical' | 'categorical';
  /** The baseline distance by `method`: the number Model Monitor compares with `threshold`. */
  readonly score: number;
  readonly method: ComparisonMethod;
  readonly simple: number;
  readonly robust: number;
  readonly threshold: number;
}

export interface DriftHistoryQuery {
  readonly feature?: string;
  /** Inclusive ISO bounds on runTime. */
  readonly from?: string;
  readonly to?: string;
}

/**
 * Drift scores per model, feature and run, shaped like Powertools' persistence layers: this
 * contract, a DynamoDB implementation and an in-memory one for tests. A put is an idempotent
 * overwrite keyed by (model, feature, runTime, job), so redelivered and shuffled runs store the same rows.
 */
export interface DriftHistoryStore {
  put(scores: readonly DriftScore[], expiresAt: number): Promise<void>;
  /** The model's scores (one feature's with `feature`), oldest run first. */
  query(model: string, query?: DriftHistoryQuery): Promise<DriftScore[]>;
}

/** Oldest run first; one run's features by name. */
export function byRunTime(a: DriftScore, b: DriftScore): number {
  if (a.runTime !== b.runTime) return a.runTime < b.runTime ? -1 : 1;
  if (a.feature !== b.feature) return a.feature < b.feature ? -1 : 1;
  return a.job < b.job ? -1 : a.job > b.job ? 1 : 0;
}

export function inRange(score: DriftScore, query: DriftHistoryQuery): boolean {
  if (query.feature !== undefined && score.feature !== query.feature) return false;
  if (query.from !== undefined && score.runTime < query.from) return false;
  if (query.to !== undefined && score.runTime > query.to) return false;
  return true;
}
