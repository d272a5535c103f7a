import { thresholdGroups, type StateMember } from '../../../shared/detections';
import { membersOf } from '../../../shared/detections/windows';

const at = (minute: number, eventId: string, value = ''): StateMember => ({ time: Date.UTC(2026, 10, 20, 10, minute), eventId, value });

test('a group ends at each member that brings the window to its threshold, with every member of that window', () => {
  const members = [at(0, 'a'), at(5, 'b'), at(14, 'c'), at(20, 'd')];
  const groups = thresholdGroups(members, { windowMinutes: 15, threshold: 3 });
  expect(groups.map((g) => [g.reachedAt, g.members.map((m) => m.eventId)])).toEqual([[at(14, '').time, ['a', 'b', 'c']]]);
});

test('the window is shorter than windowMinutes: members exactly windowMinutes apart are not in one window', () => {
  expect(thresholdGroups([at(0, 'a'), at(15, 'b')], { windowMinutes: 15, threshold: 2 })).toEqual([]);
  expect(thresholdGroups([at(0, 'a'), at(14, 'b')], { windowMinutes: 15, threshold: 2 })).toHaveLength(1);
});

test('distinct-count windows count distinct values', () => {
  const members = [at(0, 'a', 'alice'), at(1, 'b', 'alice'), at(2, 'c', 'bob')];
  expect(thresholdGroups(members, { windowMinutes: 60, threshold: 2, distinct: true }).map((g) => g.reachedAt)).toEqual([at(2, '').time]);
  expect(thresholdGroups(members, { windowMinutes: 60, threshold: 3, distinct: true })).toEqual([]);
});

test('monotone: adding members never removes a group end nor a member of the groups', () => {
  const base = [at(0, 'a'), at(3, 'b'), at(6, 'c'), at(30, 'x'), at(33, 'y'), at(36, 'z')];
  const more = [...base, at(1, 'late'), at(31, 'late2')].sort((p, q) => p.time - q.time);
  const options = { windowMinutes: 10, threshold: 3 };
  const before = thresholdGroups(base, options);
  const after = thresholdGroups(more, options);
  for (const g of before) expect(after.map((h) => h.reachedAt)).toContain(g.reachedAt);
  expect(membersOf(after).map((m) => m.eventId)).toEqual(expect.arrayContaining(membersOf(before).map((m) => m.eventId)));
  expect(membersOf(after).map((m) => m.eventId)).toEqual(['a', 'late', 'b', 'c', 'x', 'late2', 'y', 'z']);
});
