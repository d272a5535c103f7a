import type { StoredTelemetryEvent, TelemetryQuery } from '../../shared/telemetry/store';
import { openTelemetryTarget } from './telemetryTarget';

/**
 * The telemetry store as a source for the CLI's aggregates (`vigil crashes`, `vigil experiments`): the
 * store a `vigil replay --data-dir` kept, or a deployed stage's (`--stage S --region R`). Reads give the
 * store's read shape only (user pseudonyms, no Restricted value), so no audit record is written.
 */

/** The options that name a store, beside a command's own. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  stage: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
} as const;

export const STORE_USAGE = `  --data-dir DIR      read the telemetry store of a \`vigil replay --data-dir DIR\` (with --config FILE
                      when the replay had one) instead of captures
  --stage S --region R
                      read a deployed stage's telemetry store (AWS credentials from the environment;
                      --endpoint-url for a local DynamoDB/KMS)`;

/** The store options as parsed. */
export type StoreValues = Partial<Record<keyof typeof STORE_OPTIONS, string>>;

/** The store options of a command's parsed arguments, when they name a store rather than captures. */
export function storeOf(values: StoreValues): StoreValues | undefined {
  if (values['data-dir'] === undefined && values.stage === undefined) return undefined;
  const { 'data-dir': dataDir, config, stage, region, 'endpoint-url': endpointUrl } = values;
  return { 'data-dir': dataDir, config, stage, region, 'endpoint-url': endpointUrl };
}

/** The stored events the query selects, oldest first per index key; the store is closed when the reader stops. */
export async function* storedTelemetryEvents(values: StoreValues, query: TelemetryQuery = {}): AsyncGenerator<StoredTelemetryEvent> {
  const target = await openTelemetryTarget(values);
  try {
    yield* target.store.query(query);
  } finally {
    await target.close();
  }
}
