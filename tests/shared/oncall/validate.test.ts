import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOYED_STAGES, ON_CALL } from '../../../infra/oncall';
import { OnCallValidationError, coverageGaps, validateOnCall, type OnCallInput, type Rotation } from '../../../shared/oncall';
import { smallOnCall } from './fixtures';

function problemsOf(input: OnCallInput): readonly string[] {
  try {
    validateOnCall(input);
    return [];
  } catch (error) {
    if (!(error instanceof OnCallValidationError)) throw error;
    return error.problems;
  }
}

const users = (...names: string[]) => names.map((n) => ({ type: 'user' as const, username: `${n}@x.example` }));

function rotation(overrides: Partial<Rotation> = {}): Rotation {
  return { name: 'r', type: 'weekly', length: 1, startDate: '2026-11-30T00:00:00Z', participants: users('a', 'b'), ...overrides };
}

describe('the definition in infra/oncall/', () => {
  test('is valid', () => {
    expect(problemsOf(ON_CALL)).toEqual([]);
  });

  test('defines a heartbeat for each stage of infra/config/ and nothing else', () => {
    const stages = readdirSync(join(__dirname, '../../../infra/config'))
      .map((f) => f.replace(/\.yml$/, ''))
      .filter((s) => s !== 'default')
      .sort();
    expect([...DEPLOYED_STAGES].sort()).toEqual(stages);
    expect(ON_CALL.heartbeats.map((h) => h.name).sort()).toEqual(stages.map((s) => `vigil-${s}-pipeline`).sort());
  });
});

describe('coverage', () => {
  test('one 24/7 rotation leaves no gap', () => {
    expect(coverageGaps({ timezone: 'UTC', rotations: [rotation()] })).toEqual([]);
  });

  test('office hours alone leave the nights and the weekend uncovered; with the out-of-hours rotation nothing is', () => {
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
    const office = rotation({
      name: 'office',
      timeRestriction: {
        type: 'weekday-and-time-of-day',
        restrictions: days.map((d) => ({ startDay: d, startHour: 9, startMin: 0, endDay: d, endHour: 18, endMin: 0 })),
      },
    });
    const gaps = coverageGaps({ timezone: 'Europe/Berlin', rotations: [office] });
    expect(gaps[0]).toEqual({ from: '2026-11-30 01:00', to: '2026-11-30 09:00', minutes: 480 });
    expect(gaps[1]).toEqual({ from: '2026-11-30 18:00', to: '2026-12-01 09:00', minutes: 900 });
    const nights = rotation({
      name: 'nights',
      // Overnight every day: 18:00 to 09:00 (an end before the start runs past midnight) ...
      timeRestriction: { type: 'time-of-day', restriction: { startHour: 18, startMin: 0, endHour: 9, endMin: 0 } },
    });
    // ... leaves the weekend days uncovered until a weekend rotation joins.
    const weekendGaps = coverageGaps({ timezone: 'UTC', rotations: [office, nights] });
    expect(weekendGaps[0]).toMatchObject({ from: '2026-12-05 09:00', to: '2026-12-05 18:00' });
    const weekend = rotation({
      name: 'weekend',
      timeRestriction: {
        type: 'weekday-and-time-of-day',
        restrictions: [{ startDay: 'saturday', startHour: 0, startMin: 0, endDay: 'monday', endHour: 0, endMin: 0 }],
      },
    });
    expect(coverageGaps({ timezone: 'UTC', rotations: [office, nights, weekend] })).toEqual([]);
  });

  test('a turn of nobody (none) is a gap, as long as that turn', () => {
    const gaps = coverageGaps({
      timezone: 'UTC',
      rotations: [rotation({ type: 'daily', participants: [...users('a'), { type: 'none' }] })],
    });
    expect(gaps[0]).toEqual({ from: '2026-12-01 00:00', to: '2026-12-02 00:00', minutes: 1_440 });
  });

  test('a rotation that ends leaves a gap after its end unless another covers', () => {
    const ending = rotation({ endDate: '2026-12-07T00:00:00Z' });
    expect(coverageGaps({ timezone: 'UTC', rotations: [ending] })[0]).toMatchObject({ from: '2026-12-07 00:00' });
    const after = rotation({ name: 'after', startDate: '2026-12-07T00:00:00Z' });
    expect(coverageGaps({ timezone: 'UTC', rotations: [ending, after] })).toEqual([]);
  });
});

describe('validation', () => {
  test('a small complete definition is valid', () => {
    expect(problemsOf(smallOnCall())).toEqual([]);
  });

  test('every team needs a schedule and an escalation policy', () => {
    const input = smallOnCall();
    input.teams.push({ name: 'lonely', description: '', members: [{ username: 'a@x.example' }] });
    expect(problemsOf(input)).toEqual(['team "lonely" has no schedule', 'team "lonely" has no escalation policy']);
  });

  test('participants, members, recipients and owners must be defined', () => {
    const input = smallOnCall();
    input.schedules[0]!.rotations[0]!.participants.push({ type: 'user', username: 'ghost@x.example' });
    input.teams[0]!.members.push({ username: 'nobody@x.example' });
    input.escalations[0]!.rules.push({ delayMinutes: 20, recipient: { type: 'schedule', name: 'no-such-schedule' } });
    input.heartbeats[0]!.ownerTeam = 'no-such-team';
    expect(problemsOf(input)).toEqual([
      'team "ops" names user "nobody@x.example", who is not defined',
      'schedule "ops-primary" rotation "weekly" names user "ghost@x.example", who is not defined',
      'escalation "ops-escalation" rule 3 names schedule "no-such-schedule", which is not defined',
      'heartbeat "hb" is owned by team "no-such-team", which is not defined',
    ]);
  });

  test('names are unique per kind, and rotations within their schedule', () => {
    const input = smallOnCall();
    input.escalations.push({ ...input.escalations[0]! });
    input.schedules[0]!.rotations.push({ ...input.schedules[0]!.rotations[0]! });
    expect(problemsOf(input)).toEqual([
      'escalation "ops-escalation" is defined more than once',
      'schedule "ops-primary" has two rotations named "weekly"',
    ]);
  });

  test('a schedule with a gap is refused, naming when nobody is on call', () => {
    const input = smallOnCall();
    input.schedules[0]!.rotations[0]!.timeRestriction = {
      type: 'time-of-day',
      restriction: { startHour: 8, startMin: 0, endHour: 20, endMin: 0 },
    };
    const [problem] = problemsOf(input);
    expect(problem).toMatch(/^schedule "ops-primary" leaves nobody on call \(UTC time\): 2026-11-30 00:00 to 2026-11-30 08:00, /);
  });

  test('escalation rules fire in order, the first at once', () => {
    const input = smallOnCall();
    input.escalations[0]!.rules = [
      { delayMinutes: 5, recipient: { type: 'schedule', name: 'ops-primary' } },
      { delayMinutes: 1, recipient: { type: 'team', name: 'ops' } },
    ];
    expect(problemsOf(input)).toEqual([
      'escalation "ops-escalation" does not notify anyone at once (its first rule waits)',
      'escalation "ops-escalation" rule 2 fires before rule 1 (delays are from the alert\'s creation)',
    ]);
  });

  test("shape errors come with their path, and the API's limits apply (heartbeat message 130, rotation minutes :00/:30)", () => {
    const input = smallOnCall();
    input.heartbeats[0]!.alertMessage = 'x'.repeat(131);
    input.schedules[0]!.rotations[0]!.startDate = '2026-11-30T00:15:00Z';
    const problems = problemsOf(input);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^schedules\.0\.rotations\.0\.startDate: minutes must be :00 or :30/);
    expect(problems[1]).toMatch(/^heartbeats\.0\.alertMessage: /);
  });
});
