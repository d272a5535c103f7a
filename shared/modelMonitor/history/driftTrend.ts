import type { DriftHistoryQuery, DriftHistoryStore, DriftScore } from './DriftHistoryStore';

/** One row of a model's drift trend: a run's score for a feature and whether it was over the run's threshold. */
export interface DriftTrendRow extends DriftScore {
  readonly overThreshold: boolean;
}

/**
 * The query behind `vigil drift history` and the monthly report: the model's scores, oldest run
 * first, each marked against the threshold the run compared it with.
 */
export async function driftTrend(store: DriftHistoryStore, model: string, query: DriftHistoryQuery = {}): Promise<DriftTrendRow[]> {
  const scores = await store.query(model, query);
  return scores.map((s) => ({ ...s, overThreshold: s.score > s.threshold }));
}
