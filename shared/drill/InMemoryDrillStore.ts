import type { DrillReceipt } from './DrillReceipt';
import type { DrillRunRecord } from './DrillRunRecord';
import type { DrillStore } from './DrillStore';

/** Drill traces in memory, for tests. */
export class InMemoryDrillStore implements DrillStore {
  readonly receiptsById = new Map<string, DrillReceipt>();
  readonly runs = new Map<string, DrillRunRecord>();
  private latest?: string;

  async putReceipt(receipt: DrillReceipt): Promise<void> {
    this.receiptsById.set(receipt.findingId, structuredClone(receipt));
  }

  async receipts(findingIds: readonly string[]): Promise<Map<string, DrillReceipt>> {
    const out = new Map<string, DrillReceipt>();
    for (const id of findingIds) {
      const receipt = this.receiptsById.get(id);
      if (receipt) out.set(id, structuredClone(receipt));
    }
    return out;
  }

  async saveRun(run: DrillRunRecord): Promise<void> {
    this.runs.set(run.runId, structuredClone(run));
    this.latest = run.runId;
  }

  async latestRun(): Promise<DrillRunRecord | undefined> {
    const run = this.latest === undefined ? undefined : this.runs.get(this.latest);
    return run ? structuredClone(run) : undefined;
  }
}
