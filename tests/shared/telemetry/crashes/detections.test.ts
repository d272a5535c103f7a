import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbookFor } from '../../../../shared/detections/definition';
import {
  appCrashRateSpike,
  appErrorBurst,
  appNewOrRegressedCrash,
  CRASH_DETECTIONS,
  CrashParameterError,
  type CrashEventInput,
  type CrashSummary,
  crashDetectionParameters,
  summariseCrashes,
} from '../../../../shared/telemetry/crashes';
import { crashEvent, loadPayloads } from './conformancePayloads';

const iosCrash = loadPayloads('ios-crash-threads.json')[0]!;
const nsError = loadPayloads('ios-nserror.json')[0]!;
const R1 = 'com.example.vigilbank@4.12.0+4120031';
const R2 = 'com.example.vigilbank@4.13.0+4130007';
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** `sessions` sessions of a release (one view each, users p-0..p-(users-1)), `crashed` of them ending in the iOS crash. */
function release(name: string, sessions: number, crashed: number, startMinute: number, users = sessions): CrashEventInput[] {
  return Array.from({ length: sessions }, (_, i) => {
    const base = { release: name, sessionId: `${name}/s${i}`, userPseudonym: `p-${i % users}`, timestamp: at(startMinute + i / sessions) };
    return i < crashed
      ? crashEvent(iosCrash, { ...base, eventId: `${name}/crash${i}` })
      : { ...base, eventId: `${name}/view${i}`, name: 'screen_view', kind: 'screen_view' };
  });
}

test('every crash detection parses its defaults, and refuses an unknown or out-of-range parameter with a clear error', () => {
  for (const d of CRASH_DETECTIONS) {
    expect(() => crashDetectionParameters(d as never)).not.toThrow();
    expect(d.definition.id).toMatch(/^app-[a-z-]+$/);
  }
  expect(crashDetectionParameters(appErrorBurst).windowMinutes).toBe(30);
  expect(() => crashDetectionParameters(appCrashRateSpike, { crashFreeSessionsBelow: 2 })).toThrow(CrashParameterError);
  expect(() => crashDetectionParameters(appCrashRateSpike, { threshold: 1 })).toThrow(/app-crash-rate-spike: parameters do not pass/);
});

describe('app-crash-rate-spike', () => {
  const params = crashDetectionParameters(appCrashRateSpike);

  test('fires on a release below the crash-free threshold, not on a healthy one', async () => {
    const summary = await summariseCrashes([...release(R1, 200, 1, 0), ...release(R2, 200, 6, 60)]);
    const hits = appCrashRateSpike.evaluate(summary, params);
    expect(hits.map((h) => [h.dedupKey, h.evidence.crashFreeSessions, h.evidence.previousRelease])).toEqual([[R2, 0.97, R1]]);
    expect(hits[0]!.description).toContain('crash-free sessions 97.00% < 99.00%');
    expect(hits[0]!.severity).toBeUndefined();
  });

  test('fires on a drop from the previous release even above the threshold; critical below criticalBelow', async () => {
    const drop = await summariseCrashes([...release(R1, 1000, 0, 0), ...release(R2, 1000, 6, 60)]);
    const loose = { ...params, crashFreeSessionsBelow: 0.9, crashFreeUsersBelow: 0.9 };
    expect(appCrashRateSpike.evaluate(drop, loose).map((h) => h.description)).toEqual([
      expect.stringContaining(`crash-free sessions down 0.60% from ${R1}`),
    ]);
    const bad = await summariseCrashes(release(R2, 100, 10, 0));
    expect(appCrashRateSpike.evaluate(bad, params)[0]!.severity).toBe('critical');
  });

  test('a release with too few sessions or a single crash is not judged', async () => {
    expect(appCrashRateSpike.evaluate(await summariseCrashes(release(R2, 20, 5, 0)), params)).toEqual([]);
    expect(appCrashRateSpike.evaluate(await summariseCrashes(release(R2, 60, 1, 0)), params)).toEqual([]);
  });
});

describe('app-new-or-regressed-crash', () => {
  const params = crashDetectionParameters(appNewOrRegressedCrash);

  test('a group nobody knew is new in its first release; a known unresolved or ignored one is quiet', async () => {
    const summary = await summariseCrashes([...release(R1, 10, 1, 0), ...release(R2, 10, 2, 60)]);
    const groupId = summary.groups[0]!.groupId;
    const hits = appNewOrRegressedCrash.evaluate({ summary, known: {} }, params);
    expect(hits.map((h) => [h.dedupKey, h.evidence.change, h.evidence.firstRelease, h.eventIds.length])).toEqual([
      [`new:${groupId}`, 'new', R1, 3],
    ]);
    for (const status of ['unresolved', 'ignored'] as const) {
      expect(appNewOrRegressedCrash.evaluate({ summary, known: { [groupId]: { status } } }, params)).toEqual([]);
    }
  });

  test('a resolved group seen after it was resolved has regressed; one not seen since has not', async () => {
    const summary = await summariseCrashes([...release(R1, 10, 1, 0), ...release(R2, 10, 2, 60)]);
    const groupId = summary.groups[0]!.groupId;
    const regressed = appNewOrRegressedCrash.evaluate(
      { summary, known: { [groupId]: { status: 'resolved', resolvedAt: at(30) } } },
      params,
    );
    expect(regressed.map((h) => [h.evidence.change, h.evidence.lastRelease, h.evidence.eventsSinceResolved, h.severity])).toEqual([
      ['regressed', R2, 2, 'high'],
    ]);
    expect(appNewOrRegressedCrash.evaluate({ summary, known: { [groupId]: { status: 'resolved', resolvedAt: at(120) } } }, params)).toEqual(
      [],
    );
  });

  test('groups of handled errors only fire when asked to', async () => {
    const summary = await summariseCrashes([crashEvent(nsError, { release: R1 })]);
    expect(appNewOrRegressedCrash.evaluate({ summary, known: {} }, params)).toEqual([]);
    expect(appNewOrRegressedCrash.evaluate({ summary, known: {} }, { ...params, includeErrors: true })).toHaveLength(1);
  });
});

describe('app-error-burst', () => {
  const params = crashDetectionParameters(appErrorBurst);
  /** `count` handled NSErrors from `users` users, spread over `spanMinutes` from `startMinute`. */
  const errors = (prefix: string, count: number, users: number, startMinute: number, spanMinutes: number) =>
    Array.from({ length: count }, (_, i) =>
      crashEvent(nsError, {
        eventId: `${prefix}${i}`,
        release: R1,
        userPseudonym: `u${i % users}`,
        timestamp: at(startMinute + (i * spanMinutes) / count),
      }),
    );

  test('a burst over the floors fires once for the group, at its busiest window', async () => {
    const summary = await summariseCrashes(errors('b', 80, 20, 600, 20));
    const hits = appErrorBurst.evaluate(summary, params);
    expect(hits.map((h) => [h.evidence.events, h.evidence.users, h.evidence.windowStart])).toEqual([[80, 20, at(600)]]);
  });

  test('no burst under the event or user floor, or when the group was as busy before (the factor)', async () => {
    expect(appErrorBurst.evaluate(await summariseCrashes(errors('b', 40, 20, 600, 20)), params)).toEqual([]);
    expect(appErrorBurst.evaluate(await summariseCrashes(errors('b', 80, 5, 600, 20)), params)).toEqual([]);
    const steady = await summariseCrashes(errors('s', 24 * 80, 20, 0, 24 * 60));
    expect(appErrorBurst.evaluate(steady, params)).toEqual([]);
    const spike = await summariseCrashes([...errors('s', 48, 20, 0, 24 * 60), ...errors('b', 80, 20, 24 * 60 + 10, 20)]);
    expect(appErrorBurst.evaluate(spike, params).map((h) => h.evidence.events)).toEqual([80]);
  });

  test('users of crashes in the same minutes do not make an error burst', async () => {
    const groupOfNsError = errors('b', 80, 5, 600, 20).map((e, i) => (i % 2 === 0 ? e : { ...e, userPseudonym: `crash-user-${i}` }));
    const crashed = groupOfNsError.map((e, i) =>
      i % 2 === 0
        ? e
        : {
            ...e,
            exception: {
              values: [
                {
                  ...nsError.exception.values[0]!,
                  mechanism: { type: 'NSError', handled: false, meta: nsError.exception.values[0]!.mechanism!.meta },
                },
              ],
            },
          },
    );
    const summary = await summariseCrashes(crashed);
    expect(summary.groups[0]!.crashes).toBe(40);
    expect(appErrorBurst.evaluate(summary, { ...params, minEvents: 30 })).toEqual([]);
    expect(appErrorBurst.evaluate(summary, { ...params, minEvents: 30, includeCrashes: true })).toHaveLength(1);
  });

  test('crashes are left to the crash rate unless asked for', async () => {
    const crashes: CrashSummary = await summariseCrashes(
      Array.from({ length: 60 }, (_, i) => crashEvent(iosCrash, { eventId: `c${i}`, userPseudonym: `u${i}`, timestamp: at(i / 10) })),
    );
    expect(appErrorBurst.evaluate(crashes, params)).toEqual([]);
    expect(appErrorBurst.evaluate(crashes, { ...params, includeCrashes: true })).toHaveLength(1);
  });
});

test('docs/crashes.md lists every parameter with its default, and every crash detection has its runbook', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const doc = readFileSync(join(root, 'docs', 'crashes.md'), 'utf8');
  for (const d of CRASH_DETECTIONS) {
    expect(existsSync(join(root, runbookFor(d.definition.id)))).toBe(true);
    const defaults = crashDetectionParameters(d as never) as Record<string, unknown>;
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${d.definition.id}\` |`));
    expect(row).toBeDefined();
    for (const [key, value] of Object.entries(defaults)) expect(row).toContain(`\`${key}\` ${String(value)}`);
  }
});
