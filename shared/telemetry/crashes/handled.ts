import type { CrashEventInput } from './types';

/**
 * A crash is an event whose exception the app did not handle: a `mechanism.handled` of false
 * anywhere in the chain. A schemaVersion 1 crash (no exception) says so in `properties.handled`;
 * an event that says neither is a crash when its kind is `crash`.
 */
export function isCrash(event: Pick<CrashEventInput, 'kind' | 'exception' | 'properties'>): boolean {
  const values = event.exception?.values ?? [];
  const flags = values.map((v) => v.mechanism?.handled).filter((h): h is boolean => typeof h === 'boolean');
  if (flags.length > 0) return flags.includes(false);
  const property = event.properties?.handled;
  if (typeof property === 'boolean') return !property;
  return event.kind === 'crash';
}
