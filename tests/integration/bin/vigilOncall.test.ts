import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { oncallCommand } from '../../../bin/commands/oncall';
import { opsGenieCapture, startCaptureEndpoint, type CaptureRequest, type CapturedRequest } from '../../../infra/local/captureEndpoint';
import { OpsGenieConfigApi } from '../../../infra/local/opsgenieConfigApi';
import { OpsGenieStandIn } from '../../../infra/local/opsgenieStandIn';
import { ON_CALL } from '../../../infra/oncall';
import { USERS } from '../../../infra/oncall/users';
import { MANAGED_MARK } from '../../../shared/oncall';
import { runCommand } from '../../helpers/runCommand';

const KEY = 'config-key';
const NOMINAL = 'https://api.opsgenie.com';

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
ajv.addSchema(JSON.parse(readFileSync(join(__dirname, '../../conformance/opsgenie-config-api.schema.json'), 'utf8')));

/** The swagger definition of a recorded write (paths of opsgenie/opsgenie-oas). */
function definitionOf(request: CapturedRequest): string | undefined {
  const path = new URL(request.url).pathname;
  const kind = { teams: 'Team', schedules: 'Schedule', escalations: 'Escalation', heartbeats: 'Heartbeat' }[path.split('/')[2] ?? ''];
  if (!kind) return undefined;
  if (request.method === 'POST' && path.split('/').length === 3) return `Create${kind}Payload`;
  if (request.method === 'PATCH') return `Update${kind}Payload`;
  return undefined;
}

type Fault = (
  request: CaptureRequest,
  serve: () => ReturnType<ReturnType<typeof opsGenieCapture>>,
) => ReturnType<ReturnType<typeof opsGenieCapture>>;

/** The stand-in (alert and configuration API) behind a loopback endpoint; `fault` may answer in its place. */
async function standIn(users: ReadonlyArray<{ username: string }> = USERS) {
  const store = new OpsGenieStandIn({ apiKey: KEY, configApi: new OpsGenieConfigApi({ users }) });
  const recorded: CapturedRequest[] = [];
  const serve = opsGenieCapture(store);
  const faults: Fault[] = [];
  const endpoint = await startCaptureEndpoint({
    nominalBaseUrl: NOMINAL,
    serve: (request) => {
      const fault = faults.shift();
      return fault ? fault(request, () => serve(request)) : serve(request);
    },
    record: (r) => void recorded.push(r),
  });
  const raw = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${endpoint.endpoint}${path}`, {
      method,
      headers: { authorization: `GenieKey ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown } };
  };
  return { store, recorded, faults, raw, url: endpoint.endpoint, close: () => endpoint.close() };
}

/** Runs `vigil oncall` in-process with the API key given (null: none), capturing what it writes. */
async function vigil(argv: string[], key: string | null = KEY) {
  const saved = process.env.OPSGENIE_API_KEY;
  if (key === null) delete process.env.OPSGENIE_API_KEY;
  else process.env.OPSGENIE_API_KEY = key;
  try {
    return await runCommand(oncallCommand, argv);
  } finally {
    if (saved === undefined) delete process.env.OPSGENIE_API_KEY;
    else process.env.OPSGENIE_API_KEY = saved;
  }
}

let og: Awaited<ReturnType<typeof standIn>>;
beforeEach(async () => {
  og = await standIn();
});
afterEach(() => og.close());

test('validate checks infra/oncall/ without calling anyone', async () => {
  const run = await vigil(['validate'], null);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toBe('infra/oncall/ is valid: 7 users, 2 teams, 3 schedules, 2 escalations, 3 heartbeats\n');
});

test('plan on an empty account lists every create in dependency order; apply does it; the plan after is empty', async () => {
  const plan = await vigil(['plan', '--base-url', og.url]);
  expect(plan.code).toBe(0);
  const lines = plan.stdout.trim().split('\n');
  expect(lines.slice(0, -1)).toEqual([
    ...ON_CALL.teams.map((t) => `+ create team "${t.name}"`),
    ...ON_CALL.schedules.map((s) => `+ create schedule "${s.name}"`),
    ...ON_CALL.escalations.map((e) => `+ create escalation "${e.name}"`),
    ...ON_CALL.heartbeats.map((h) => `+ create heartbeat "${h.name}"`),
  ]);
  expect(lines.at(-1)).toBe('Plan: 10 to create, 0 to change, 0 to delete.');
  expect(og.recorded).toEqual([]);

  const apply = await vigil(['apply', '--base-url', og.url]);
  expect(apply).toMatchObject({ code: 0, stderr: '' });
  expect(apply.stdout).toContain('created escalation "vigil-secops-escalation"');
  expect(og.store.config.schedules.map((s) => s.name)).toEqual(ON_CALL.schedules.map((s) => s.name));
  expect(og.store.config.heartbeats.map((h) => [h.name, h.interval, h.alertPriority])).toEqual([
    ['vigil-dev-pipeline', 15, 'P1'],
    ['vigil-staging-pipeline', 15, 'P1'],
    ['vigil-prod-pipeline', 15, 'P1'],
  ]);

  // Every body sent conforms to OpsGenie's own definitions, and the key is in none of them.
  expect(og.recorded).toHaveLength(10);
  for (const request of og.recorded) {
    const definition = definitionOf(request);
    expect(definition).toBeDefined();
    const validate = ajv.getSchema(`opsgenie-config-api#/definitions/${definition}`)!;
    expect({ definition, valid: validate(request.body), errors: validate.errors ?? null }).toEqual({
      definition,
      valid: true,
      errors: null,
    });
    expect(JSON.stringify(request)).not.toContain(KEY);
  }

  const again = await vigil(['plan', '--base-url', og.url]);
  expect(again).toMatchObject({ code: 0, stdout: 'No changes: OpsGenie matches infra/oncall/.\n' });
  expect((await vigil(['apply', '--base-url', og.url])).stdout).toBe('No changes: OpsGenie matched infra/oncall/ already.\n');
});

test('a change made by hand is planned back and applied; a stale managed resource is deleted, a hand-made one kept', async () => {
  await vigil(['apply', '--base-url', og.url]);
  const schedule = og.store.config.schedules[0]!;
  expect((await og.raw('PATCH', `/v2/schedules/${schedule.id}?identifierType=id`, { timezone: 'America/New_York' })).status).toBe(200);
  const stale = { name: 'vigil-old-pipeline', description: MANAGED_MARK, interval: 1, intervalUnit: 'hours', enabled: true };
  expect((await og.raw('POST', '/v2/heartbeats', stale)).status).toBe(201);
  expect((await og.raw('POST', '/v2/heartbeats', { ...stale, name: 'made-by-hand', description: 'someone else' })).status).toBe(201);

  const plan = await vigil(['plan', '--base-url', og.url]);
  expect(plan.stdout).toBe(
    [
      '~ update schedule "vigil-secops-primary" (timezone)',
      '- delete heartbeat "vigil-old-pipeline"',
      'Plan: 0 to create, 1 to change, 1 to delete.',
      '',
    ].join('\n'),
  );
  expect((await vigil(['apply', '--base-url', og.url])).code).toBe(0);
  expect(schedule.timezone).toBe('Europe/Berlin');
  expect(og.store.config.heartbeats.map((h) => h.name)).toContain('made-by-hand');
  expect((await vigil(['plan', '--base-url', og.url])).stdout).toBe('No changes: OpsGenie matches infra/oncall/.\n');
});

test('throttling and 5xx are retried; a create whose answer was lost is not made twice (409 on the retry counts as done)', async () => {
  // The first request (GET /v2/users) is throttled; the answer to the second create (POST /v2/teams, the 8th
  // request: users twice, teams, schedules, escalations, heartbeats, the first team) is lost after the stand-in made it.
  const passOn: Fault = (_r, serve) => serve();
  og.faults.push(() => ({ status: 429, headers: { 'Retry-After': '0' }, body: { message: 'throttled' }, records: [] }));
  og.faults.push(passOn, passOn, passOn, passOn, passOn, passOn);
  og.faults.push((request, serve) => {
    expect(`${request.method} ${request.path}`).toBe('POST /v2/teams');
    serve();
    return { status: 502, body: { message: 'bad gateway' }, records: [] };
  });
  const apply = await vigil(['apply', '--base-url', og.url]);
  expect(apply).toMatchObject({ code: 0, stderr: '' });
  expect(og.faults).toEqual([]);
  expect(og.store.config.teams.map((t) => t.name)).toEqual(ON_CALL.teams.map((t) => t.name));
  expect((await vigil(['plan', '--base-url', og.url])).stdout).toBe('No changes: OpsGenie matches infra/oncall/.\n');
});

test('users the account does not have stop plan and apply before anything is sent', async () => {
  await og.close();
  og = await standIn(USERS.slice(1));
  const plan = await vigil(['plan', '--base-url', og.url]);
  expect(plan.code).toBe(1);
  expect(plan.stdout).toContain(`! users not in the OpsGenie account (invite them first): ${USERS[0]!.username}`);
  const apply = await vigil(['apply', '--base-url', og.url]);
  expect(apply.code).toBe(1);
  expect(apply.stderr).toContain('nothing applied: users not in the OpsGenie account');
  expect(og.recorded).toEqual([]);
});

test('refusals: no key, a wrong key, Jira Service Management, bad usage', async () => {
  expect(await vigil(['plan', '--base-url', og.url], null)).toMatchObject({
    code: 1,
    stderr: 'vigil oncall plan: set OPSGENIE_API_KEY to an OpsGenie API key with configuration access\n',
  });
  const wrong = await vigil(['plan', '--base-url', og.url], 'wrong-key');
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/GET \/v2\/users\?limit=100&offset=0: HTTP 401/);
  expect(wrong.stderr).not.toContain('wrong-key');
  const jsm = await vigil(['apply', '--flavour', 'jsm']);
  expect(jsm.code).toBe(1);
  expect(jsm.stderr).toContain('Jira Service Management keeps teams, schedules, escalations and heartbeats in its ops REST API');
  expect((await vigil(['destroy'])).code).toBe(2);
  expect((await vigil(['plan', '--nope'])).code).toBe(2);
  expect((await vigil(['--help'])).stdout).toContain('usage: vigil oncall validate');
});
