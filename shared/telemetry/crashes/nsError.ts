import type { SentryMechanism } from '../../../events/telemetry';

/**
 * An NSError's domain and code, from `mechanism.meta.ns_error` (what Sentry's Cocoa SDK sends), or from
 * `mechanism.data` (`{ns_error: {...}}` or `{domain, code}`, as older SDKs and hand-made reports put it)
 * on an `NSError` mechanism.
 */
export function nsErrorOf(mechanism: SentryMechanism | null | undefined): { domain: string; code: number } | undefined {
  if (!mechanism) return undefined;
  const fromMeta = mechanism.meta?.ns_error;
  if (fromMeta && typeof fromMeta.code === 'number') return { domain: fromMeta.domain ?? '', code: fromMeta.code };
  if (mechanism.type !== 'NSError' || !mechanism.data) return undefined;
  const data = mechanism.data as Record<string, unknown>;
  const nested = (typeof data.ns_error === 'object' && data.ns_error !== null ? data.ns_error : data) as Record<string, unknown>;
  const code = typeof nested.code === 'number' ? nested.code : Number.parseInt(String(nested.code ?? ''), 10);
  if (!Number.isInteger(code)) return undefined;
  return { domain: typeof nested.domain === 'string' ? nested.domain : '', code };
}
