import {
  MANAGED_MARK,
  apiBodies,
  planOnCall,
  renderPlan,
  validateOnCall,
  type ApiResource,
  type CurrentOnCall,
  type OnCall,
} from '../../../shared/oncall';
import { smallOnCall } from './fixtures';

const ACCOUNT_USERS = ['a@x.example', 'b@x.example'];

type Held = { [K in keyof CurrentOnCall]: CurrentOnCall[K] extends readonly (infer T)[] ? T[] : never };

/** What OpsGenie holds after an apply of `onCall`: its bodies, with the ids and extra fields the API adds. */
function applied(onCall: OnCall): Held {
  const bodies = apiBodies(onCall);
  const withIds = (list: readonly object[]): ApiResource[] =>
    list.map((b, i) => ({ ...structuredClone(b), id: `id-${i}-${(b as { name: string }).name}` }) as ApiResource);
  return {
    users: [...ACCOUNT_USERS],
    team: withIds(bodies.team),
    schedule: withIds(bodies.schedule).map((s) => ({
      ...s,
      ownerTeam: { id: 'team-id', name: (s.ownerTeam as { name: string }).name },
      rotations: (s.rotations as object[]).map((r) => ({ ...r, id: 'rotation-id' })),
    })),
    escalation: withIds(bodies.escalation),
    heartbeat: bodies.heartbeat.map((h) => ({ ...h, expired: false })),
  };
}

const empty: CurrentOnCall = { users: ACCOUNT_USERS, team: [], schedule: [], escalation: [], heartbeat: [] };
const onCall = () => validateOnCall(smallOnCall());

test('against an empty account: everything is created, teams first, heartbeats last', () => {
  const plan = planOnCall(onCall(), empty);
  expect(plan.blockers).toEqual([]);
  expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
    'create team ops',
    'create schedule ops-primary',
    'create escalation ops-escalation',
    'create heartbeat hb',
  ]);
  expect(renderPlan(plan)).toContain('Plan: 4 to create, 0 to change, 0 to delete.');
});

test('against what an apply left (ids and extra fields included): no changes', () => {
  const plan = planOnCall(onCall(), applied(onCall()));
  expect(plan.changes).toEqual([]);
  expect(renderPlan(plan)).toBe('No changes: OpsGenie matches infra/oncall/.\n');
});

test('a change made by hand in OpsGenie is put back, naming the fields', () => {
  const current = applied(onCall());
  current.schedule[0]!.timezone = 'Europe/Paris';
  (current.escalation[0]!.rules as Array<{ delay: { timeAmount: number } }>)[1]!.delay.timeAmount = 30;
  const plan = planOnCall(onCall(), current);
  expect(plan.changes.map((c) => ('fields' in c ? `${c.action} ${c.name} ${c.fields.join(',')}` : c.action))).toEqual([
    'update ops-primary timezone',
    'update ops-escalation rules',
  ]);
  expect(plan.changes[0]).toMatchObject({ id: 'id-0-ops-primary' });
});

test('dates are compared as instants, and a removed end date is a change', () => {
  const current = applied(onCall());
  const rotation = (current.schedule[0]!.rotations as Array<Record<string, unknown>>)[0]!;
  rotation.startDate = '2026-11-30T01:00:00+01:00';
  expect(planOnCall(onCall(), current).changes).toEqual([]);
  rotation.endDate = '2027-01-01T00:00:00Z';
  expect(planOnCall(onCall(), current).changes.map((c) => c.action)).toEqual(['update']);
});

test('only resources Vigil made are deleted, after every write, in reverse dependency order', () => {
  const current = applied(onCall());
  const mark = (name: string) => ({ id: `x-${name}`, name, description: `old\n\n${MANAGED_MARK}` });
  current.team.push(mark('old-team'), { id: 'y', name: 'hand-made', description: 'made in the UI' });
  current.schedule.push(mark('old-schedule'));
  current.escalation.push(mark('old-escalation'));
  current.heartbeat.push({ name: 'old-hb', description: MANAGED_MARK });
  const input = smallOnCall();
  input.teams[0]!.description = 'Ops, renamed';
  const plan = planOnCall(validateOnCall(input), current);
  expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
    'update team ops',
    'delete heartbeat old-hb',
    'delete escalation old-escalation',
    'delete schedule old-schedule',
    'delete team old-team',
  ]);
});

test("a heartbeat's interval is patched; its alert priority (not in UpdateHeartbeatPayload) replaces it", () => {
  const current = applied(onCall());
  current.heartbeat[0]!.interval = 30;
  expect(planOnCall(onCall(), current).changes).toMatchObject([{ action: 'update', kind: 'heartbeat', fields: ['interval'] }]);
  current.heartbeat[0]!.alertPriority = 'P3';
  const plan = planOnCall(onCall(), current);
  expect(plan.changes).toMatchObject([{ action: 'replace', kind: 'heartbeat', fields: ['interval', 'alertPriority'] }]);
  expect(renderPlan(plan)).toContain('± replace heartbeat "hb" (interval, alertPriority)');
});

test('a field the API does not return is not compared (a heartbeat list without its alert fields)', () => {
  const current = applied(onCall());
  const { alertMessage: _m, alertTags: _t, alertPriority: _p, ownerTeam: _o, ...bare } = current.heartbeat[0]!;
  current.heartbeat[0] = bare as ApiResource;
  expect(planOnCall(onCall(), current).changes).toEqual([]);
});

test('users the account lacks block the plan (apply invites nobody)', () => {
  const plan = planOnCall(onCall(), { ...empty, users: ['A@x.example'] });
  expect(plan.blockers).toEqual(['users not in the OpsGenie account (invite them first): b@x.example']);
  expect(renderPlan(plan)).toContain('! users not in the OpsGenie account');
});

test('every description Vigil sends carries the managed mark', () => {
  const bodies = apiBodies(onCall());
  for (const list of Object.values(bodies)) for (const body of list) expect(body.description).toContain(MANAGED_MARK);
});
