import type { ClassifiedField } from '../../../../shared/telemetry';
import { retentionPlan } from '../../../../shared/telemetry/privacy';

const DAY = 86_400;
const from = 1_763_629_200; // 2025-11-20T09:00:00Z
const field = (path: string, classification: ClassifiedField['classification'], retentionDays: number): ClassifiedField => ({
  path,
  location: 'event',
  classification,
  retentionDays,
});

test('the TTL is the longest retention kept; shorter ones become strips, grouped by time, oldest first', () => {
  const plan = retentionPlan(
    [field('eventId', 'Internal', 395), field('sessionId', 'Confidential', 90), field('exception.values.0.value', 'Confidential', 90)],
    [field('userId', 'Restricted', 30)],
    from,
  );
  expect(plan).toEqual({
    expiresAt: from + 395 * DAY,
    restrictedUntil: from + 30 * DAY,
    strips: [{ at: from + 90 * DAY, paths: ['exception.values.0.value', 'sessionId'] }],
  });
});

test('the sealed values go at the shortest Restricted retention, never later than any of them allows', () => {
  const plan = retentionPlan(
    [field('name', 'Internal', 395)],
    [field('userId', 'Restricted', 30), field('properties.comment', 'Restricted', 14)],
    from,
  );
  expect(plan.restrictedUntil).toBe(from + 14 * DAY);
});

test('no Restricted value: no restrictedUntil; all of one retention: no strips', () => {
  expect(retentionPlan([field('name', 'Internal', 395), field('kind', 'Internal', 395)], [], from)).toEqual({
    expiresAt: from + 395 * DAY,
    strips: [],
  });
});

test('an event holding only Restricted values expires with them', () => {
  expect(retentionPlan([], [field('userId', 'Restricted', 30)], from)).toEqual({
    expiresAt: from + 30 * DAY,
    restrictedUntil: from + 30 * DAY,
    strips: [],
  });
});
