import type { DrillReceipt } from './DrillReceipt';
import type { DrillRunRecord } from './DrillRunRecord';

/**
 * Where drills leave their traces: the router's receipts (one per drill finding) and the runs with their
 * results. Shaped like the other stores (Powertools' persistence layers): this contract, a DynamoDB
 * implementation (DynamoDrillStore, on the Outbox table) and an in-memory one for tests.
 */
export interface DrillStore {
  putReceipt(receipt: DrillReceipt): Promise<void>;
  /** The receipts of these findings that exist, by finding id. */
  receipts(findingIds: readonly string[]): Promise<Map<string, DrillReceipt>>;
  /** Writes a run (started or verified) and makes it the latest. */
  saveRun(run: DrillRunRecord): Promise<void>;
  /** The most recently started run, if any. */
  latestRun(): Promise<DrillRunRecord | undefined>;
}
