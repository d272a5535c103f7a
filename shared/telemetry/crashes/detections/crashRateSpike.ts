import { z } from 'zod';
import type { CrashSummary, ReleaseHealth } from '../summary';
import { percent } from './parameters';
import { CRASH_CHECK_SOURCE } from './source';
import type { CrashDetection, CrashDetectionHit } from './types';

const rate = (description: string, value: number) => z.number().min(0).max(1).default(value).describe(description);

const parameters = z.strictObject({
  crashFreeSessionsBelow: rate('Fire when a release’s crash-free sessions rate (0–1) is below this.', 0.99),
  crashFreeUsersBelow: rate('Fire when a release’s crash-free users rate (0–1) is below this.', 0.99),
  dropFromPrevious: rate(
    'Fire when crash-free sessions fell by more than this (absolute, 0–1) from the release before it (by first sight).',
    0.005,
  ),
  minSessions: z.number().int().min(1).default(50).describe('Sessions a release (and its predecessor) needs before its rate is judged.'),
  minCrashedSessions: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Crashed sessions a release needs before it can fire (one crash is not a spike).'),
  criticalBelow: rate('Crash-free sessions below this raise the finding to critical.', 0.95),
  windowMinutes: z
    .number()
    .int()
    .min(15)
    .max(1440)
    .default(60)
    .describe('The event-time window the rates are taken over, ending at each settled slot the crash check evaluates.'),
});
export type CrashRateSpikeParameters = z.infer<typeof parameters>;

/**
 * app-crash-rate-spike: a release whose crash-free sessions or users rate is below its threshold, or
 * whose crash-free sessions fell from the release before it (Sentry's crash rate alert, per release).
 * One hit per release; a release with too few sessions is not judged (a minimum-volume guard).
 */
export const appCrashRateSpike: CrashDetection<CrashRateSpikeParameters, CrashSummary> = {
  definition: {
    id: 'app-crash-rate-spike',
    title: 'App release crash-free rate below its threshold or down from the previous release',
    severity: 'high',
    mitre: [],
    dedupWindowMinutes: 1440,
  },
  parameters,
  source: {
    ...CRASH_CHECK_SOURCE,
    severity: 'the default (high); critical when crash-free sessions are below `criticalBelow`',
    mitre: 'none (app stability, not an attack technique)',
    dedup: 'one finding per release and day of event time: every settled 15-minute slot that finds the release below grows it',
  },
  evaluate(summary, params) {
    const hits: CrashDetectionHit[] = [];
    const judged = (r: ReleaseHealth | undefined) => r !== undefined && r.sessions >= params.minSessions;
    summary.releases.forEach((release, i) => {
      if (!judged(release) || release.crashedSessions < params.minCrashedSessions) return;
      const sessions = release.crashFreeSessions ?? 1;
      const users = release.crashFreeUsers;
      const previous = summary.releases.slice(0, i).reverse().find(judged);
      const drop = previous ? (previous.crashFreeSessions ?? 1) - sessions : undefined;
      const reasons: string[] = [];
      if (sessions < params.crashFreeSessionsBelow)
        reasons.push(`crash-free sessions ${percent(sessions)} < ${percent(params.crashFreeSessionsBelow)}`);
      if (users !== null && users < params.crashFreeUsersBelow)
        reasons.push(`crash-free users ${percent(users)} < ${percent(params.crashFreeUsersBelow)}`);
      if (previous && drop !== undefined && drop > params.dropFromPrevious) {
        reasons.push(`crash-free sessions down ${percent(drop)} from ${previous.release} (${percent(previous.crashFreeSessions ?? 1)})`);
      }
      if (reasons.length === 0) return;
      const topGroups = summary.groups
        .filter((g) => g.crashes > 0 && g.byRelease.some((b) => b.release === release.release))
        .slice(0, 5)
        .map((g) => g.groupId);
      hits.push({
        detectionId: appCrashRateSpike.definition.id,
        subject: release.release,
        dedupKey: release.release,
        description:
          `Release ${release.release}: ${reasons.join('; ')} ` + `(${release.crashedSessions} of ${release.sessions} sessions crashed).`,
        ...(sessions < params.criticalBelow ? { severity: 'critical' as const } : {}),
        resources: [],
        evidence: {
          release: release.release,
          sessions: release.sessions,
          crashedSessions: release.crashedSessions,
          crashFreeSessions: sessions,
          users: release.users,
          crashedUsers: release.crashedUsers,
          crashFreeUsers: users,
          previousRelease: previous?.release ?? null,
          previousCrashFreeSessions: previous?.crashFreeSessions ?? null,
          topGroups: topGroups.join(','),
        },
        eventIds: [],
        at: release.lastSeen,
      });
    });
    return hits;
  },
};
