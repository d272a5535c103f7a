import { environmentOf } from '../../manifest/baseEnvironment';
import type { EnvSource, FunctionManifest, LocalParam, SecretNameParam, TableId } from '../../manifest/types';
import { RuntimeError } from './errors';

/** What the embedded runtime provides in place of a stage's resources and parameters. */
export interface LocalResources {
  stage: string;
  busName: string;
  fieldKeyId: string;
  /** The HMAC_256 key of telemetry pseudonyms (its alias). */
  pseudonymMacKeyId: string;
  tables: Record<TableId, string>;
  params: Record<LocalParam, string>;
  /** Secret ARNs by the parameter naming the secret. */
  secretArns: Record<SecretNameParam, string>;
  detectionOverrides: Record<string, unknown>;
}

function localValue(source: EnvSource, local: LocalResources): string {
  if ('stage' in source) return local.stage;
  if ('bus' in source) return local.busName;
  if ('table' in source) return local.tables[source.table];
  if ('fieldKey' in source) return local.fieldKeyId;
  if ('pseudonymMacKey' in source) return local.pseudonymMacKeyId;
  if ('param' in source) return local.params[source.param];
  if ('secretArn' in source) return local.secretArns[source.secretArn];
  return JSON.stringify(local.detectionOverrides);
}

/**
 * One function's own environment, as Lambda would give it in a stage: the base variables, the
 * function's own (its manifest), Powertools' settings. Nothing of another function's.
 */
export function functionEnvironment(manifest: FunctionManifest, local: LocalResources, logLevel: string): Record<string, string> {
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: manifest.folder,
    POWERTOOLS_METRICS_NAMESPACE: 'Vigil',
    POWERTOOLS_LOG_LEVEL: logLevel,
    // Nothing to publish metrics to locally; Powertools would print EMF blobs to stdout.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  for (const [name, source] of Object.entries(environmentOf(manifest.environment))) {
    const value = localValue(source, local);
    if (value === undefined)
      throw new RuntimeError(`functions/${manifest.folder}/manifest.ts: ${name} has no local value (${JSON.stringify(source)})`);
    env[name] = value;
  }
  return env;
}
