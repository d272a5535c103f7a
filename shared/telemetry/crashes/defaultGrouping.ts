import type { SentryExceptionValue } from '../../../events/telemetry';
import { type FrameKey, frameKey, frameLine } from './frameKey';
import { isInAppFrame } from './inApp';
import { normaliseMessage } from './message';
import { nsErrorOf } from './nsError';
import { platformFamily } from './platform';
import { exceptionFrames } from './stack';
import type { CrashEventInput } from './types';

/** Which default rule grouped an event. */
export type DefaultBasis = 'in-app-stack' | 'stack' | 'exception' | 'event';

export interface DefaultGrouping {
  readonly basis: DefaultBasis;
  /** The grouping components, one line each: what the group id hashes. */
  readonly components: readonly string[];
  /** The in-app frame that raised the last exception (its key), for `{{ function }}` and the like. */
  readonly topFrame?: FrameKey & { readonly package?: string };
}

/** Properties that identify an error event without an exception (schemaVersion 1 crashes, network and form errors). */
export const GROUPING_PROPERTIES = ['exceptionType', 'signal', 'errorCode', 'route', 'form', 'field'] as const;

interface KeyedFrame {
  readonly key: FrameKey;
  readonly inApp: boolean;
  readonly package?: string;
}

/**
 * Sentry's default grouping (docs/crashes.md): every exception of the chain contributes its type
 * (unless the SDK made the exception up: `mechanism.synthetic`), an NSError its domain and code, and
 * its stack: the in-app frames, when the event has any, else all frames; the value, with its variable
 * parts normalised, only when the exception contributes neither frames nor an NSError. A frame repeating
 * the one before it (recursion) counts once. Line numbers, columns and addresses never count.
 */
export function defaultGrouping(event: CrashEventInput): DefaultGrouping {
  const values = event.exception?.values ?? [];
  if (values.length === 0) return eventGrouping(event);
  const stacks = exceptionFrames(event).map((frames) =>
    frames.flatMap((frame): KeyedFrame[] => {
      const family = platformFamily(frame.platform, frame.filename ?? frame.abs_path, event.platform);
      const key = frameKey(frame, family);
      return key ? [{ key, inApp: isInAppFrame(frame, family), package: frame.package ?? undefined }] : [];
    }),
  );
  const anyInApp = stacks.some((frames) => frames.some((f) => f.inApp));
  const used = stacks.map((frames) => (anyInApp ? frames.filter((f) => f.inApp) : frames));
  const components = values.flatMap((value, i) => exceptionComponents(value, used[i]!, values.length > 1 ? i : undefined));
  const withFrames = used.some((frames) => frames.length > 0);
  const lastFrames = used[used.length - 1] ?? [];
  const top = lastFrames[lastFrames.length - 1];
  return {
    basis: withFrames ? (anyInApp ? 'in-app-stack' : 'stack') : 'exception',
    components,
    topFrame: top && { ...top.key, package: top.package },
  };
}

function exceptionComponents(value: SentryExceptionValue, frames: readonly KeyedFrame[], index: number | undefined): string[] {
  const prefix = index === undefined ? '' : `exception[${index}].`;
  const lines: string[] = [];
  if (value.mechanism?.synthetic !== true && value.type) lines.push(`${prefix}type:${value.type}`);
  const nsError = nsErrorOf(value.mechanism);
  if (nsError) lines.push(`${prefix}ns_error:${nsError.domain}:${nsError.code}`);
  let previous: string | undefined;
  for (const frame of frames) {
    const line = prefix + frameLine(frame.key);
    // Recursion: a frame repeating the one before it adds nothing (a stack overflow cut at another depth is the same group).
    if (line !== previous) lines.push(line);
    previous = line;
  }
  if (frames.length === 0 && !nsError && value.value) lines.push(`${prefix}value:${normaliseMessage(value.value)}`);
  return lines;
}

/** An event with no exception: the client's fingerprint (schemaVersion 1 crashes), else its name and identifying properties. */
function eventGrouping(event: CrashEventInput): DefaultGrouping {
  const properties = event.properties ?? {};
  if (typeof properties.fingerprint === 'string' && properties.fingerprint !== '') {
    return { basis: 'event', components: [`client-fingerprint:${properties.fingerprint}`] };
  }
  const lines = [`event:${event.name}`];
  for (const name of GROUPING_PROPERTIES) {
    const value = properties[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') lines.push(`property:${name}=${value}`);
  }
  return { basis: 'event', components: lines };
}
