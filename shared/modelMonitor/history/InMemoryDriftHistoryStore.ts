import { byRunTime, type DriftHistoryQuery, type DriftHistoryStore, type DriftScore, inRange } from './DriftHistoryStore';

/** Drift history in a map, for unit tests. */
export class InMemoryDriftHistoryStore implements DriftHistoryStore {
  private readonly rows = new Map<string, DriftScore>();

  async put(scores: readonly DriftScore[]): Promise<void> {
    for (const score of scores) this.rows.set(JSON.stringify([score.model, score.feature, score.runTime, score.job]), { ...score });
  }

  async query(model: string, query: DriftHistoryQuery = {}): Promise<DriftScore[]> {
    return [...this.rows.values()].filter((s) => s.model === model && inRange(s, query)).sort(byRunTime);
  }
}
