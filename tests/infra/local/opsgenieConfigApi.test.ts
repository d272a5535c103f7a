import { OpsGenieConfigApi } from '../../../infra/local/opsgenieConfigApi';
import { OpsGenieStandIn } from '../../../infra/local/opsgenieStandIn';

const USERS = [{ username: 'a@x.example' }, { username: 'b@x.example' }];

function api() {
  const config = new OpsGenieConfigApi({ users: USERS, now: () => Date.parse('2026-12-02T03:00:00Z') });
  const call = (method: string, path: string, body?: unknown) => {
    const url = new URL(path, 'http://x');
    return config.handle(method, url.pathname, url.searchParams, body);
  };
  return { config, call };
}

const team = { name: 'ops', description: 'd', members: [{ user: { username: 'a@x.example' }, role: 'admin' }] };
const schedule = {
  name: 'ops-primary',
  timezone: 'UTC',
  enabled: true,
  ownerTeam: { name: 'ops' },
  rotations: [
    { name: 'r', startDate: '2026-11-30T00:00:00Z', type: 'weekly', length: 1, participants: [{ type: 'user', username: 'b@x.example' }] },
  ],
};
const escalation = {
  name: 'ops-escalation',
  ownerTeam: { name: 'ops' },
  rules: [
    { condition: 'if-not-acked', notifyType: 'default', delay: { timeAmount: 0 }, recipient: { type: 'schedule', name: 'ops-primary' } },
  ],
};

test('creates answer 201 with the id; lists leave members and rotations out unless asked, as the API does', () => {
  const { call } = api();
  const created = call('POST', '/v2/teams', team);
  expect(created).toMatchObject({ status: 201, accepted: true, body: { result: 'Created', data: { name: 'ops' } } });
  const id = (created.body.data as { id: string }).id;
  expect(call('GET', '/v2/teams').body.data).toEqual([{ id, name: 'ops', description: 'd' }]);
  expect(call('GET', `/v2/teams/${id}?identifierType=id`).body.data).toMatchObject({ members: team.members });
  expect(call('POST', '/v2/schedules', schedule).status).toBe(201);
  expect(call('GET', '/v2/schedules').body.data).toEqual([expect.not.objectContaining({ rotations: expect.anything() })]);
  const [expanded] = call('GET', '/v2/schedules?expand=rotation').body.data as Array<{ rotations: Array<{ participants: unknown[] }> }>;
  expect(expanded!.rotations[0]!.participants).toEqual([{ type: 'user', id: expect.any(String), username: 'b@x.example' }]);
});

test('duplicates (409), unknown fields, missing references and bad enums (422) are refused with the field', () => {
  const { call } = api();
  call('POST', '/v2/teams', team);
  expect(call('POST', '/v2/teams', team).status).toBe(409);
  expect(call('POST', '/v2/teams', { ...team, name: 'x', colour: 'red' }).body.errors).toEqual({ colour: 'colour is not a field here' });
  const ghost = { ...schedule, rotations: [{ ...schedule.rotations[0], participants: [{ type: 'user', username: 'ghost@x.example' }] }] };
  expect(call('POST', '/v2/schedules', ghost).body.errors).toEqual({
    'rotations[0].participants[0]': 'rotations[0].participants[0] names no existing user',
  });
  expect(call('POST', '/v2/schedules', { ...schedule, ownerTeam: { name: 'nobody' } }).body.errors).toEqual({
    ownerTeam: 'ownerTeam names no existing team',
  });
  const hourly = { ...schedule, rotations: [{ ...schedule.rotations[0], type: 'monthly' }] };
  expect(call('POST', '/v2/schedules', hourly).status).toBe(422);
});

test('a schedule an escalation names, and a team that owns anything, cannot be deleted first', () => {
  const { call } = api();
  const teamId = (call('POST', '/v2/teams', team).body.data as { id: string }).id;
  const scheduleId = (call('POST', '/v2/schedules', schedule).body.data as { id: string }).id;
  const escalationId = (call('POST', '/v2/escalations', escalation).body.data as { id: string }).id;
  expect(call('DELETE', `/v2/schedules/${scheduleId}`).body.message).toBe('schedule "ops-primary" is in use by ops-escalation');
  expect(call('DELETE', `/v2/teams/${teamId}`).status).toBe(422);
  expect(call('DELETE', `/v2/escalations/${escalationId}`).status).toBe(200);
  expect(call('DELETE', `/v2/schedules/${scheduleId}`).status).toBe(200);
  expect(call('DELETE', `/v2/teams/${teamId}`).status).toBe(200);
});

test('heartbeats: CreateHeartbeatPayload limits, PATCH with UpdateHeartbeatPayload fields only, pings seen by the stand-in', () => {
  const config = new OpsGenieConfigApi({ users: USERS });
  const standIn = new OpsGenieStandIn({ configApi: config });
  const send = (method: string, path: string, body?: unknown) =>
    standIn.handle({
      method,
      path,
      headers: { authorization: 'GenieKey k', 'content-type': 'application/json' },
      text: body === undefined ? '' : JSON.stringify(body),
    });
  const hb = { name: 'hb', interval: 15, intervalUnit: 'minutes', enabled: true, alertMessage: 'm', alertPriority: 'P1' };
  expect(send('POST', '/v2/heartbeats', { ...hb, alertMessage: 'x'.repeat(131) }).status).toBe(422);
  expect(send('POST', '/v2/heartbeats', hb).status).toBe(201);
  expect(send('POST', '/v2/heartbeats', hb).status).toBe(409);
  expect(send('PATCH', '/v2/heartbeats/hb', { alertPriority: 'P2' }).status).toBe(422);
  expect(send('PATCH', '/v2/heartbeats/hb', { interval: 30 }).status).toBe(200);
  expect((send('GET', '/v2/heartbeats').body as { data: { heartbeats: unknown[] } }).data.heartbeats).toEqual([
    expect.objectContaining({ name: 'hb', interval: 30, expired: true }),
  ]);
  expect(send('GET', '/v2/heartbeats/hb/ping')).toMatchObject({ status: 202, accepted: true });
  expect(config.heartbeats[0]).toMatchObject({ lastPingTime: expect.any(String) });
  expect((send('GET', '/v2/heartbeats/hb').body as { data: { expired: boolean } }).data.expired).toBe(false);
  // Jira Service Management's integration API has neither the configuration API nor the ping.
  const jsm = new OpsGenieStandIn({ flavour: 'jsm', configApi: config });
  const jsmTeams = { method: 'GET', path: '/jsm/ops/integration/v2/teams', headers: { authorization: 'GenieKey k' }, text: '' };
  expect(jsm.handle(jsmTeams).status).toBe(404);
});
