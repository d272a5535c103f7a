import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrashEventInput } from '../../../../shared/telemetry/crashes';

/** One payload of tests/conformance/crashes: the Sentry event fields of a crash or error event, and a label. */
export interface ConformancePayload {
  readonly id: string;
  readonly platform: string;
  readonly exception: NonNullable<CrashEventInput['exception']>;
  readonly threads?: CrashEventInput['threads'];
  readonly fingerprint?: readonly string[];
}

export const CONFORMANCE_DIR = join(__dirname, '..', '..', '..', 'conformance', 'crashes');

export function conformanceFiles(): string[] {
  return readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadPayloads(file: string): ConformancePayload[] {
  return (JSON.parse(readFileSync(join(CONFORMANCE_DIR, file), 'utf8')) as { events: ConformancePayload[] }).events;
}

/** A stored-event-shaped crash or error event carrying the payload. */
export function crashEvent(payload: ConformancePayload, overrides: Partial<CrashEventInput> = {}): CrashEventInput {
  const values = payload.exception.values;
  const unhandled = values.some((v) => v.mechanism?.handled === false);
  return {
    eventId: `${payload.id}-event`,
    name: unhandled ? 'app_crash' : 'app_error',
    kind: unhandled ? 'crash' : 'error',
    timestamp: '2026-11-20T10:00:00.000Z',
    release: 'com.example.vigilbank@4.12.0+4120031',
    platform: payload.platform,
    exception: payload.exception,
    threads: payload.threads,
    fingerprint: payload.fingerprint,
    ...overrides,
  };
}
