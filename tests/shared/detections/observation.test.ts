import { decodeMember, distinctMembers, encodeMember, type StateMember } from '../../../shared/detections/observation';

const time = Date.parse('2026-11-20T10:03:00Z');

test('a member keeps its region through the string-set encoding, and its value may hold "|" and "@"', () => {
  const member: StateMember = { time, eventId: 'e1', value: 'a|b@c', region: 'eu-west-1' };
  expect(encodeMember(member)).toBe('2026-11-20T10:03:00.000Z@eu-west-1|e1|a|b@c');
  expect(decodeMember(encodeMember(member))).toEqual(member);
});

test('a member stored before members recorded their region still decodes, without one', () => {
  expect(decodeMember('2026-11-20T10:03:00.000Z|e1|alice')).toEqual({ time, eventId: 'e1', value: 'alice' });
  // A member without a region encodes as it always did: a synthetic member's string is unchanged.
  expect(encodeMember({ time, eventId: 'e1', value: 'alice' })).toBe('2026-11-20T10:03:00.000Z|e1|alice');
});

test('encoded members sort by time first, whatever their regions', () => {
  const later = encodeMember({ time: time + 1000, eventId: 'a', value: '', region: 'ap-south-1' });
  const earlier = encodeMember({ time, eventId: 'z', value: '', region: 'us-west-2' });
  expect([later, earlier].sort()).toEqual([earlier, later]);
});

test('one member per event: an event stored without its region and again with it is kept once, with the region', () => {
  const old = decodeMember('2026-11-20T10:03:00.000Z|e1|alice');
  const now = decodeMember('2026-11-20T10:03:00.000Z@eu-west-1|e1|alice');
  const other = decodeMember('2026-11-20T10:03:00.000Z|e2|alice');
  expect(distinctMembers([old, now, other])).toEqual([now, other]);
  expect(distinctMembers([now, old, other])).toEqual([now, other]);
});
