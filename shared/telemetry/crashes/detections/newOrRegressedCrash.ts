import { z } from 'zod';
import type { CrashGroupSummary, CrashSummary } from '../summary';
import { CRASH_CHECK_SOURCE } from './source';
import type { CrashDetection, CrashDetectionHit } from './types';

/** What is known of a group from earlier runs (the issue state the pipeline keeps): Sentry's issue statuses. */
export interface KnownGroup {
  readonly status: 'unresolved' | 'resolved' | 'ignored';
  /** When it was marked resolved (ISO): an event after it is a regression. */
  readonly resolvedAt?: string;
}

export interface NewOrRegressedInput {
  readonly summary: CrashSummary;
  /** Groups seen before, by group id; a group not in it is new. */
  readonly known: Readonly<Record<string, KnownGroup>>;
}

const parameters = z.strictObject({
  includeErrors: z.boolean().default(false).describe('Also fire on groups of handled errors only (by default only groups with a crash).'),
  minEvents: z.number().int().min(1).default(1).describe('Events a new group needs before it fires.'),
});
export type NewOrRegressedParameters = z.infer<typeof parameters>;

function eventsAfter(group: CrashGroupSummary, time: number): number {
  return group.minutes.filter((m) => m.minute + 60_000 > time).reduce((sum, m) => sum + m.count, 0);
}

/**
 * app-new-or-regressed-crash: a crash group no earlier run knew (new, in the release it was first seen
 * in), or a group marked resolved that is seen again after it was resolved (regressed, in the release
 * it came back in). Ignored groups never fire.
 */
export const appNewOrRegressedCrash: CrashDetection<NewOrRegressedParameters, NewOrRegressedInput> = {
  definition: {
    id: 'app-new-or-regressed-crash',
    title: 'New crash group in an app release, or a resolved one seen again',
    severity: 'medium',
    mitre: [],
    dedupWindowMinutes: 10080,
  },
  parameters,
  source: {
    ...CRASH_CHECK_SOURCE,
    severity: 'the default (medium) for a new group; high for a regression',
    mitre: 'none (app stability, not an attack technique)',
    dedup:
      'one finding per new group (its events in the slot it was first seen in), and one per regression of a resolution ' +
      '(the known groups and their status are kept in the DetectionState table)',
  },
  evaluate({ summary, known }, params) {
    const hits: CrashDetectionHit[] = [];
    for (const group of summary.groups) {
      if (group.crashes === 0 && !params.includeErrors) continue;
      const state = known[group.groupId];
      const evidence = {
        groupId: group.groupId,
        title: group.title,
        count: group.count,
        crashes: group.crashes,
        users: group.users,
        firstRelease: group.releases.first,
        lastRelease: group.releases.last,
        firstSeen: group.firstSeen,
        lastSeen: group.lastSeen,
      };
      if (state === undefined) {
        if (group.count < params.minEvents) continue;
        hits.push({
          detectionId: appNewOrRegressedCrash.definition.id,
          subject: group.groupId,
          dedupKey: `new:${group.groupId}`,
          description:
            `New ${group.crashes > 0 ? 'crash' : 'error'} group in ${group.releases.first}: ${group.title} ` +
            `(${group.count} events, ${group.users} users).`,
          resources: [],
          evidence: { ...evidence, change: 'new' },
          eventIds: group.eventIds,
          at: group.firstSeen,
        });
        continue;
      }
      if (state.status !== 'resolved' || state.resolvedAt === undefined) continue;
      const resolvedAt = Date.parse(state.resolvedAt);
      if (!(Date.parse(group.lastSeen) > resolvedAt)) continue;
      hits.push({
        detectionId: appNewOrRegressedCrash.definition.id,
        subject: group.groupId,
        dedupKey: `regressed:${group.groupId}:${state.resolvedAt}`,
        description: `Resolved group seen again in ${group.releases.last}: ${group.title} (resolved ${state.resolvedAt}).`,
        severity: 'high',
        resources: [],
        evidence: { ...evidence, change: 'regressed', resolvedAt: state.resolvedAt, eventsSinceResolved: eventsAfter(group, resolvedAt) },
        eventIds: group.eventIds,
        at: group.lastSeen,
      });
    }
    return hits;
  },
};
