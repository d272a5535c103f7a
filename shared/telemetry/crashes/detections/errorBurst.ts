import { z } from 'zod';
import type { CrashGroupSummary, CrashSummary, MinuteCount } from '../summary';
import { CRASH_CHECK_SOURCE } from './source';
import type { CrashDetection, CrashDetectionHit } from './types';

const MINUTE_MS = 60_000;

const parameters = z.strictObject({
  windowMinutes: z.number().int().min(1).max(1440).default(30).describe('Sliding event-time window (Crashlytics velocity: 30 minutes).'),
  minEvents: z.number().int().min(1).default(50).describe('Events of one group within the window before it can fire.'),
  minUsers: z.number().int().min(1).default(10).describe('Distinct users of those events (Crashlytics: at least 10).'),
  factor: z
    .number()
    .min(1)
    .default(10)
    .describe('The window must hold this many times the group’s average per window over the lookback (Sentry escalation: 10×).'),
  lookbackHours: z.number().int().min(1).max(336).default(24).describe('History the average is taken over, before the window.'),
  includeCrashes: z
    .boolean()
    .default(false)
    .describe('Count crashes too (by default handled errors only: crashes have app-crash-rate-spike).'),
});
export type ErrorBurstParameters = z.infer<typeof parameters>;

interface Window {
  readonly start: number;
  readonly events: number;
  readonly users: number;
  readonly baselinePerWindow: number;
}

/** The first index whose minute is at or after `time` (minutes are sorted). */
function firstAtOrAfter(minutes: readonly MinuteCount[], time: number): number {
  let lo = 0;
  let hi = minutes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (minutes[mid]!.minute < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The window of the group with the most events among those that pass the thresholds, if any. */
function burstOf(minutes: readonly MinuteCount[], params: ErrorBurstParameters): Window | undefined {
  const width = params.windowMinutes * MINUTE_MS;
  const lookback = params.lookbackHours * 60 * MINUTE_MS;
  const value = (m: MinuteCount) => (params.includeCrashes ? m.count : m.errors);
  // prefix[i]: events of minutes[0..i), so any run of minutes sums in constant time
  const prefix = [0];
  for (const m of minutes) prefix.push(prefix[prefix.length - 1]! + value(m));
  let best: Window | undefined;
  for (let i = 0; i < minutes.length; i++) {
    const start = minutes[i]!.minute;
    const end = firstAtOrAfter(minutes, start + width);
    const events = prefix[end]! - prefix[i]!;
    if (events < params.minEvents || (best && events <= best.events)) continue;
    const users = new Set<string>();
    for (let j = i; j < end; j++)
      for (const p of params.includeCrashes ? minutes[j]!.pseudonyms : minutes[j]!.errorPseudonyms) users.add(p);
    if (users.size < params.minUsers) continue;
    const history = prefix[i]! - prefix[firstAtOrAfter(minutes, start - lookback)]!;
    const baselinePerWindow = history / (lookback / width);
    if (history > 0 && events < params.factor * baselinePerWindow) continue;
    best = { start, events, users: users.size, baselinePerWindow };
  }
  return best;
}

/**
 * app-error-burst: one error group's events within a sliding window reach a floor of events and of
 * distinct users, and `factor` times the group's own average per window over the lookback (a group
 * with no history is held to the floors alone). One hit per group, at its busiest such window.
 */
export const appErrorBurst: CrashDetection<ErrorBurstParameters, CrashSummary> = {
  definition: {
    id: 'app-error-burst',
    title: 'Burst of one app error group',
    severity: 'medium',
    mitre: [],
    dedupWindowMinutes: 60,
  },
  parameters,
  source: {
    ...CRASH_CHECK_SOURCE,
    severity: 'the default (medium)',
    mitre: 'none (app stability, not an attack technique)',
    dedup: 'one finding per error group and hour of event time: each burst window found (by its start) grows it once',
  },
  evaluate(summary, params) {
    const hits: CrashDetectionHit[] = [];
    for (const group of summary.groups as readonly CrashGroupSummary[]) {
      const burst = burstOf(group.minutes, params);
      if (!burst) continue;
      const end = new Date(burst.start + params.windowMinutes * MINUTE_MS).toISOString();
      hits.push({
        detectionId: appErrorBurst.definition.id,
        subject: group.groupId,
        dedupKey: group.groupId,
        description:
          `${burst.events} events of ${group.title} from ${burst.users} users within ${params.windowMinutes} minutes ` +
          `(${burst.baselinePerWindow.toFixed(1)} per window before).`,
        resources: [],
        evidence: {
          groupId: group.groupId,
          title: group.title,
          windowStart: new Date(burst.start).toISOString(),
          windowEnd: end,
          events: burst.events,
          users: burst.users,
          baselinePerWindow: burst.baselinePerWindow,
          lastRelease: group.releases.last,
        },
        eventIds: group.eventIds,
        at: end,
      });
    }
    return hits;
  },
};
