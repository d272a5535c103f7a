import type { OnCallInput } from '../../shared/oncall/model';
import { PLATFORM_TEAM, SECOPS_TEAM } from './teams';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const NEXT_DAY = { monday: 'tuesday', tuesday: 'wednesday', wednesday: 'thursday', thursday: 'friday', friday: 'saturday' } as const;

/** Working hours, Monday to Friday 09:00 to 18:00 (the schedule's time zone). */
const OFFICE_HOURS = WEEKDAYS.map((day) => ({ startDay: day, startHour: 9, startMin: 0, endDay: day, endHour: 18, endMin: 0 }));

/** The rest of the week: weeknights 18:00 to 09:00, and Friday 18:00 to Monday 09:00. */
const OUT_OF_HOURS = WEEKDAYS.map((day) =>
  day === 'friday'
    ? { startDay: day, startHour: 18, startMin: 0, endDay: 'monday' as const, endHour: 9, endMin: 0 }
    : { startDay: day, startHour: 18, startMin: 0, endDay: NEXT_DAY[day], endHour: 9, endMin: 0 },
);

/**
 * Schedules and their rotations. The security primary splits the week in two rotations (office hours,
 * and nights and weekends with a weekly hand-over on Monday 09:00) that together cover every minute: the
 * validation (shared/oncall/coverage.ts) fails on any gap. The secondary is the backup the escalation
 * calls when the primary does not acknowledge.
 */
export const SCHEDULES = [
  {
    name: 'vigil-secops-primary',
    description: 'First responder for security findings (P1 and P2 page).',
    timezone: 'Europe/Berlin',
    ownerTeam: SECOPS_TEAM,
    rotations: [
      {
        name: 'office-hours',
        type: 'weekly',
        startDate: '2026-11-30T08:00:00Z',
        participants: [
          { type: 'user', username: 'ana.silva@vigil.example' },
          { type: 'user', username: 'bo.chen@vigil.example' },
          { type: 'user', username: 'chidi.okafor@vigil.example' },
        ],
        timeRestriction: { type: 'weekday-and-time-of-day', restrictions: OFFICE_HOURS },
      },
      {
        name: 'nights-and-weekends',
        type: 'weekly',
        startDate: '2026-11-30T08:00:00Z',
        participants: [
          { type: 'user', username: 'chidi.okafor@vigil.example' },
          { type: 'user', username: 'dana.weiss@vigil.example' },
          { type: 'user', username: 'ana.silva@vigil.example' },
          { type: 'user', username: 'bo.chen@vigil.example' },
        ],
        timeRestriction: { type: 'weekday-and-time-of-day', restrictions: OUT_OF_HOURS },
      },
    ],
  },
  {
    name: 'vigil-secops-secondary',
    description: 'Backup for security findings: called when the primary does not acknowledge in time.',
    timezone: 'Europe/Berlin',
    ownerTeam: SECOPS_TEAM,
    rotations: [
      {
        name: 'weekly',
        type: 'weekly',
        startDate: '2026-11-30T08:00:00Z',
        participants: [
          { type: 'user', username: 'dana.weiss@vigil.example' },
          { type: 'user', username: 'bo.chen@vigil.example' },
          { type: 'user', username: 'ana.silva@vigil.example' },
          { type: 'user', username: 'chidi.okafor@vigil.example' },
        ],
      },
    ],
  },
  {
    name: 'vigil-platform-primary',
    description: 'First responder for the pipeline itself (heartbeat expired, delivery failures).',
    timezone: 'Europe/Berlin',
    ownerTeam: PLATFORM_TEAM,
    rotations: [
      {
        name: 'weekly',
        type: 'weekly',
        startDate: '2026-11-30T08:00:00Z',
        participants: [
          { type: 'user', username: 'emil.novak@vigil.example' },
          { type: 'user', username: 'farah.haddad@vigil.example' },
          { type: 'user', username: 'dana.weiss@vigil.example' },
        ],
      },
    ],
  },
] satisfies OnCallInput['schedules'];
