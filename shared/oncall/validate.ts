import { coverageGaps } from './coverage';
import { OnCallValidationError } from './errors';
import { OnCallSchema, type OnCall, type OnCallInput, type Participant, type Recipient } from './model';

/**
 * The rules between the objects of an on-call definition, beyond each one's shape (model.ts):
 * - names are unique per kind (users by username; rotations within their schedule);
 * - every team has a schedule and an escalation policy (owned by it), and every owner named exists;
 * - participants, members and escalation recipients exist in the definition (users, teams, schedules);
 * - every schedule has someone on call at every minute (coverage.ts: time restrictions, start and end
 *   dates and `none` turns considered);
 * - an escalation's rules come in the order they fire (delays not decreasing), its first one at once.
 * Every problem is reported, in one list.
 */

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

function problemsOf(onCall: OnCall): string[] {
  const problems: string[] = [];
  const users = new Set(onCall.users.map((u) => u.username));
  const teams = new Set(onCall.teams.map((t) => t.name));
  const schedules = new Set(onCall.schedules.map((s) => s.name));

  const unique = (kind: string, names: readonly string[]) => {
    for (const d of duplicates(names)) problems.push(`${kind} "${d}" is defined more than once`);
  };
  unique(
    'user',
    onCall.users.map((u) => u.username),
  );
  unique(
    'team',
    onCall.teams.map((t) => t.name),
  );
  unique(
    'schedule',
    onCall.schedules.map((s) => s.name),
  );
  unique(
    'escalation',
    onCall.escalations.map((e) => e.name),
  );
  unique(
    'heartbeat',
    onCall.heartbeats.map((h) => h.name),
  );

  const owner = (what: string, team: string) => {
    if (!teams.has(team)) problems.push(`${what} is owned by team "${team}", which is not defined`);
  };
  const participant = (what: string, p: Participant | Recipient) => {
    if (p.type === 'user' && !users.has(p.username)) problems.push(`${what} names user "${p.username}", who is not defined`);
    if (p.type === 'team' && !teams.has(p.name)) problems.push(`${what} names team "${p.name}", which is not defined`);
    if (p.type === 'schedule' && !schedules.has(p.name)) problems.push(`${what} names schedule "${p.name}", which is not defined`);
  };

  for (const team of onCall.teams) {
    for (const d of duplicates(team.members.map((m) => m.username))) problems.push(`team "${team.name}" lists member "${d}" twice`);
    for (const m of team.members) participant(`team "${team.name}"`, { type: 'user', username: m.username });
    if (!onCall.schedules.some((s) => s.ownerTeam === team.name)) problems.push(`team "${team.name}" has no schedule`);
    if (!onCall.escalations.some((e) => e.ownerTeam === team.name)) problems.push(`team "${team.name}" has no escalation policy`);
  }

  for (const schedule of onCall.schedules) {
    const what = `schedule "${schedule.name}"`;
    owner(what, schedule.ownerTeam);
    for (const d of duplicates(schedule.rotations.map((r) => r.name))) problems.push(`${what} has two rotations named "${d}"`);
    for (const rotation of schedule.rotations) {
      for (const p of rotation.participants) participant(`${what} rotation "${rotation.name}"`, p);
      if (rotation.endDate !== undefined && Date.parse(rotation.endDate) <= Date.parse(rotation.startDate)) {
        problems.push(`${what} rotation "${rotation.name}" ends before it starts`);
      }
    }
    if (!schedule.enabled) continue;
    const gaps = coverageGaps(schedule);
    if (gaps.length > 0) {
      const shown = gaps
        .slice(0, 3)
        .map((g) => `${g.from} to ${g.to}`)
        .join(', ');
      const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : '';
      problems.push(`${what} leaves nobody on call (${schedule.timezone} time): ${shown}${more}`);
    }
  }

  for (const escalation of onCall.escalations) {
    const what = `escalation "${escalation.name}"`;
    owner(what, escalation.ownerTeam);
    for (const [i, rule] of escalation.rules.entries()) participant(`${what} rule ${i + 1}`, rule.recipient);
    if (escalation.rules[0]!.delayMinutes !== 0) problems.push(`${what} does not notify anyone at once (its first rule waits)`);
    escalation.rules.forEach((rule, i) => {
      if (i > 0 && rule.delayMinutes < escalation.rules[i - 1]!.delayMinutes) {
        problems.push(`${what} rule ${i + 1} fires before rule ${i} (delays are from the alert's creation)`);
      }
    });
  }

  for (const heartbeat of onCall.heartbeats) owner(`heartbeat "${heartbeat.name}"`, heartbeat.ownerTeam);
  return problems;
}

/**
 * The definition parsed and checked: throws {@link OnCallValidationError} with every problem (shape
 * errors from zod, each with its path, then the rules above).
 */
function validateOnCall(input: OnCallInput): OnCall {
  const parsed = OnCallSchema.safeParse(input);
  if (!parsed.success) {
    throw new OnCallValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const problems = problemsOf(parsed.data);
  if (problems.length > 0) throw new OnCallValidationError(problems);
  return parsed.data;
}

export { validateOnCall };
