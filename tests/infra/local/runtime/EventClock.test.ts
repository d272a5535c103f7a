import { EventClock } from '../../../../infra/local/runtime/EventClock';

const at = (iso: string) => new Date(iso);
const times = (firings: Array<{ time: Date; target: string }>) => firings.map((f) => `${f.target}@${f.time.toISOString().slice(11, 16)}`);

test('starts at the first event time, then yields every firing in (previous, now], oldest first', () => {
  const clock = new EventClock([
    { expression: 'rate(10 minutes)', target: 'sweep' },
    { expression: 'cron(15 * * * ? *)', target: 'report' },
  ]);
  expect(clock.advance(at('2026-11-20T10:03:00Z'))).toEqual([]);
  expect(times(clock.advance(at('2026-11-20T10:20:00Z')))).toEqual(['sweep@10:10', 'report@10:15', 'sweep@10:20']);
  expect(times(clock.advance(at('2026-11-20T10:29:59Z')))).toEqual([]);
  expect(times(clock.advance(at('2026-11-20T10:30:00Z')))).toEqual(['sweep@10:30']);
});

test('a late event does not take event time back, and nothing fires twice', () => {
  const clock = new EventClock([{ expression: 'rate(5 minutes)', target: 'drain' }]);
  clock.advance(at('2026-11-20T10:00:00Z'));
  expect(times(clock.advance(at('2026-11-20T10:12:00Z')))).toEqual(['drain@10:05', 'drain@10:10']);
  expect(clock.advance(at('2026-11-20T10:01:00Z'))).toEqual([]);
  expect(clock.time?.toISOString()).toBe('2026-11-20T10:12:00.000Z');
  expect(times(clock.advance(at('2026-11-20T10:15:00Z')))).toEqual(['drain@10:15']);
});

test('an unparseable event time leaves the clock alone', () => {
  const clock = new EventClock([{ expression: 'rate(1 minute)', target: 'x' }]);
  clock.advance(at('2026-11-20T10:00:00Z'));
  expect(clock.advance(new Date('not a time'))).toEqual([]);
  expect(clock.time?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
});

test('refuses a jump that would run a schedule more than a million times', () => {
  const clock = new EventClock([{ expression: 'rate(1 minute)', target: 'x' }]);
  clock.advance(at('2000-01-01T00:00:00Z'));
  expect(() => clock.advance(at('2026-01-01T00:00:00Z'))).toThrow(/over 1000000 scheduled runs/);
});

test('a latestOnly schedule runs once at the end of a quiet stretch; the others run at every firing in it', () => {
  const clock = new EventClock([
    { expression: 'rate(5 minutes)', target: 'drain', latestOnly: true },
    { expression: 'rate(1 hour)', target: 'check' },
  ]);
  clock.advance(at('2026-11-20T10:00:00Z'));
  expect(times(clock.advance(at('2026-11-20T12:02:00Z')))).toEqual(['check@11:00', 'drain@12:00', 'check@12:00']);
  // Events a minute apart: each advance spans at most one firing, which runs as before.
  expect(times(clock.advance(at('2026-11-20T12:05:00Z')))).toEqual(['drain@12:05']);
  expect(times(clock.advance(at('2026-11-20T12:09:00Z')))).toEqual([]);
  expect(times(clock.advance(at('2026-11-20T12:10:00Z')))).toEqual(['drain@12:10']);
});
