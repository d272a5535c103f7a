import type { SentryFrame } from '../../../events/telemetry';
import { normaliseFilename, packageName } from './filename';
import { normaliseFunctionName, normaliseModule } from './functionName';
import type { PlatformFamily } from './platform';

/** What a frame adds to a group: where (module, else the normalised file, else the binary) and which function. */
export interface FrameKey {
  readonly where?: string;
  readonly function?: string;
}

/** Native families group a frame by its symbol: without one (unsymbolicated) the frame says nothing, whatever its image. */
const BY_SYMBOL: ReadonlySet<PlatformFamily> = new Set(['cocoa', 'native']);

/** The frame's grouping key; undefined when it says nothing groupable (an address alone never groups). */
export function frameKey(frame: SentryFrame, family: PlatformFamily): FrameKey | undefined {
  const where = normaliseModule(frame.module, family) ?? normaliseFilename(frame.filename ?? frame.abs_path) ?? packageName(frame.package);
  const fn = normaliseFunctionName(frame.function ?? frame.raw_function, family);
  if (fn === undefined && BY_SYMBOL.has(family) && !frame.filename) return undefined;
  if (where === undefined && fn === undefined) return undefined;
  return { where, function: fn };
}

export function frameLine(key: FrameKey): string {
  return `frame:${key.where ?? ''}|${key.function ?? ''}`;
}
