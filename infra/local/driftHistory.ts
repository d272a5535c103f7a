import { DynamoDriftHistoryStore } from '../../shared/modelMonitor/history';
import { detectionStateTableName, openLocalTable } from './localTable';

/** The table drift history lives in: the DetectionState table. */
export const driftHistoryTableName = detectionStateTableName;

export interface OpenedDriftHistory {
  store: DynamoDriftHistoryStore;
  close(): Promise<void>;
}

/**
 * The drift history a `vigil replay --data-dir DIR` kept: DIR/dynamodb opened in dynalite (locked, as
 * a replay locks it), the table checked to exist. Refusals are ReplayErrors with the reason, as for
 * the audit trail (infra/local/auditTrail.ts).
 */
export async function openLocalDriftHistory(dataDir: string, stage: string): Promise<OpenedDriftHistory> {
  const table = driftHistoryTableName(stage);
  const { ddb, close } = await openLocalTable(
    dataDir,
    table,
    () => `--data-dir "${dataDir}" has no state for stage "${stage}" (no table ${table}; another --stage?)`,
  );
  return { store: new DynamoDriftHistoryStore(ddb, table), close };
}
