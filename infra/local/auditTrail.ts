import { DynamoAuditStore } from '../../shared/audit';
import { openLocalTable } from './localTable';

/** The audit table of a stage: vigil-<stage>-audit (infra/resources/tables.yml), locally as deployed. */
export function auditTableName(stage: string): string {
  return `vigil-${stage}-audit`;
}

export interface OpenedAuditTrail {
  store: DynamoAuditStore;
  table: string;
  close(): Promise<void>;
}

/**
 * The audit trail a `vigil replay --data-dir DIR` kept: DIR/dynamodb opened in dynalite (locked, as a
 * replay locks it, since one LevelDB cannot be opened twice), its audit table checked to exist. A
 * directory that is not a replay's data dir, or a corrupt one, is a ReplayError with the reason.
 */
export async function openLocalAuditTrail(dataDir: string, stage: string): Promise<OpenedAuditTrail> {
  const table = auditTableName(stage);
  const { ddb, close } = await openLocalTable(
    dataDir,
    table,
    () => `--data-dir "${dataDir}" has no audit trail for stage "${stage}" (no table ${table}; another --config stage?)`,
  );
  return { store: new DynamoAuditStore(ddb, table), table, close };
}
