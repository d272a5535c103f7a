import { byTimeThenId, type StateMember } from './observation';

/** A point where a sliding window reached its threshold: the members of the window that ends there. */
export interface ThresholdGroup {
  /** Event time (ms) of the member that made the window reach the threshold. */
  readonly reachedAt: number;
  readonly members: readonly StateMember[];
}

export interface ThresholdOptions {
  windowMinutes: number;
  threshold: number;
  /** Count distinct member values instead of members (distinct-count windows). */
  distinct?: boolean;
}

/**
 * Every window of event time (shorter than windowMinutes, ending at a member) whose count reaches
 * the threshold. Monotone on purpose: adding members never removes a group nor a member from one,
 * so deciding after each batch and recording every group gives the same findings whatever the
 * batch boundaries and the arrival order (see docs/detections.md, "Stateful detections").
 */
export function thresholdGroups(sorted: readonly StateMember[], options: ThresholdOptions): ThresholdGroup[] {
  const span = options.windowMinutes * 60_000;
  const groups: ThresholdGroup[] = [];
  const values = new Map<string, number>();
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    const current = sorted[end]!;
    values.set(current.value, (values.get(current.value) ?? 0) + 1);
    while (current.time - sorted[start]!.time >= span) {
      const left = sorted[start]!.value;
      const n = values.get(left)! - 1;
      if (n === 0) values.delete(left);
      else values.set(left, n);
      start += 1;
    }
    const count = options.distinct ? values.size : end - start + 1;
    if (count >= options.threshold) groups.push({ reachedAt: current.time, members: sorted.slice(start, end + 1) });
  }
  return groups;
}

/** The members of any of the groups, once each, sorted. */
export function membersOf(groups: readonly ThresholdGroup[]): StateMember[] {
  const seen = new Map<string, StateMember>();
  for (const group of groups) for (const member of group.members) seen.set(member.eventId, member);
  return [...seen.values()].sort(byTimeThenId);
}
