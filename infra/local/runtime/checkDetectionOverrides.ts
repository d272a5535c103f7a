import type { LoadedFunction } from '../../manifest/loadFunctionManifests';
import type { EnvSource } from '../../manifest/types';
import { LocalConfigError } from './errors';

/**
 * The stage's detection overrides, checked at start as each function that reads them checks them at its
 * cold start (parseDetectionOverrides against every tunable detection, the check `serverless package`
 * makes too): handlers load on their first invocation, and a typo must still stop the run before any event.
 * Reported as the first such function's refusal, the message its cold start would give.
 */
export function checkDetectionOverrides(functions: readonly LoadedFunction[], overrides: Record<string, unknown>): void {
  // An empty map is valid for any detection set; the registry (0.6 s to load, measured) is loaded only to check a real one.
  if (Object.keys(overrides).length === 0) return;
  const reader = functions.find(({ manifest }) =>
    Object.values<EnvSource>(manifest.environment).some((source) => 'detectionOverrides' in source),
  );
  if (!reader) return;
  // require, not import(): the CLI runs the sources through tsx's CommonJS hook, where import() of a folder fails.
  const { TUNABLE_DETECTIONS, parseDetectionOverrides } =
    require('../../../shared/detections') as typeof import('../../../shared/detections');
  try {
    parseDetectionOverrides(overrides, TUNABLE_DETECTIONS);
  } catch (cause) {
    if ((cause as Error)?.name !== 'ConfigError') throw cause;
    const folder = reader.manifest.folder;
    throw new LocalConfigError(`functions/${folder} refused its configuration at cold start: ${(cause as Error).message}`, { cause });
  }
}
