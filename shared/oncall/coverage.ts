import { WEEKDAYS, type Rotation, type Schedule, type TimeRestriction } from './model';

/**
 * Whether a schedule always has someone on call: its rotations together, with their time restrictions,
 * start and end dates and `none` turns, leave no minute of the week uncovered.
 *
 * The check walks the schedule minute by minute in its own wall-clock time (rotations hand over on local
 * time, and restrictions are written in it), from the first rotation's start over a horizon long enough
 * for every rotation to come round at least twice (whole weeks, at most {@link MAX_HORIZON_WEEKS}), and
 * again over the same horizon after the last end date, when a rotation has one. Walking minutes is a
 * measured choice over interval arithmetic: 12 weeks are 120,960 steps, well under a second, and the
 * rules (overnight and week-wrapping restrictions, turns of `none`) stay literal. Daylight-saving shifts
 * are not modelled: a wall-clock hour that a transition skips or repeats is treated as an ordinary hour.
 */

const MINUTES = { hourly: 60, daily: 1_440, weekly: 10_080 } as const;
const WEEK = 10_080;
const MAX_HORIZON_WEEKS = 12;

/** Minutes since 1970 of an instant's wall-clock time in `timeZone`, as if that wall clock were UTC. */
function localMinutes(iso: string, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) / 60_000;
}

/** Monday 00:00 = 0 … Sunday 23:59 = 10,079, of a local minute. */
function minuteOfWeek(local: number): number {
  // 1970-01-01 was a Thursday (3 with Monday as 0).
  const day = (Math.floor(local / 1_440) + 3) % 7;
  return day * 1_440 + (local % 1_440);
}

function within(t: number, start: number, end: number): boolean {
  return start < end ? t >= start && t < end : t >= start || t < end;
}

function allows(restriction: TimeRestriction | undefined, local: number): boolean {
  if (restriction === undefined) return true;
  if (restriction.type === 'time-of-day') {
    const { startHour, startMin, endHour, endMin } = restriction.restriction;
    const start = startHour * 60 + startMin;
    const end = endHour * 60 + endMin;
    return start === end || within(local % 1_440, start, end);
  }
  const t = minuteOfWeek(local);
  return restriction.restrictions.some((r) => {
    const start = WEEKDAYS.indexOf(r.startDay) * 1_440 + r.startHour * 60 + r.startMin;
    const end = WEEKDAYS.indexOf(r.endDay) * 1_440 + r.endHour * 60 + r.endMin;
    return start === end || within(t, start, end);
  });
}

interface LocalRotation {
  rotation: Rotation;
  start: number;
  end?: number;
  turn: number;
}

function onCallAt(r: LocalRotation, local: number): boolean {
  if (local < r.start || (r.end !== undefined && local >= r.end)) return false;
  if (!allows(r.rotation.timeRestriction, local)) return false;
  const turn = Math.floor((local - r.start) / r.turn) % r.rotation.participants.length;
  return r.rotation.participants[turn]!.type !== 'none';
}

/** One stretch of time with nobody on call, in the schedule's wall-clock time. */
interface CoverageGap {
  /** e.g. "2026-12-05 18:00". */
  from: string;
  to: string;
  minutes: number;
}

function localText(local: number): string {
  return new Date(local * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function gapsIn(rotations: readonly LocalRotation[], from: number, to: number): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  let open: number | undefined;
  for (let t = from; t <= to; t++) {
    const covered = t < to && rotations.some((r) => onCallAt(r, t));
    if (!covered && open === undefined && t < to) open = t;
    if ((covered || t === to) && open !== undefined) {
      gaps.push({ from: localText(open), to: localText(t), minutes: t - open });
      open = undefined;
    }
  }
  return gaps;
}

/** The gaps in a schedule's coverage (empty when someone is always on call), oldest first. */
function coverageGaps(schedule: Pick<Schedule, 'timezone' | 'rotations'>): CoverageGap[] {
  const rotations: LocalRotation[] = schedule.rotations.map((rotation) => ({
    rotation,
    start: localMinutes(rotation.startDate, schedule.timezone),
    ...(rotation.endDate === undefined ? {} : { end: localMinutes(rotation.endDate, schedule.timezone) }),
    turn: rotation.length * MINUTES[rotation.type],
  }));
  const cycleWeeks = Math.max(...rotations.map((r) => Math.ceil((2 * r.turn * r.rotation.participants.length) / WEEK)), 1);
  const horizon = Math.min(cycleWeeks, MAX_HORIZON_WEEKS) * WEEK;
  const first = Math.min(...rotations.map((r) => r.start));
  // After the last end date the remaining rotations must cover alone: that stretch is checked too.
  const ends = rotations.flatMap((r) => (r.end === undefined ? [] : [r.end]));
  const lastEnd = ends.length === 0 ? undefined : Math.max(...ends);
  if (lastEnd === undefined) return gapsIn(rotations, first, first + horizon);
  if (lastEnd <= first + horizon) return gapsIn(rotations, first, lastEnd + horizon);
  const gaps = [...gapsIn(rotations, first, first + horizon), ...gapsIn(rotations, lastEnd, lastEnd + horizon)];
  return gaps;
}

export { coverageGaps };
export type { CoverageGap };
