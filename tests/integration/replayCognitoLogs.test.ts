import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig, type LocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';
import { awslogsEvent, capturedPayload, recordOf, withMessages } from '../helpers/logSubscription';
import { withoutHeartbeatPings } from '../helpers/alertRequests';

/**
 * `vigil replay` of CloudWatch Logs subscription payloads (a user pool's userAuthEvents export), in both
 * forms: the Lambda event as delivered and the decoded payload. They go through the runtime's
 * log-subscription adapter to the bridge, as production's subscription would, then over the bus to the
 * security detector.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-cwl-'));
const high = capturedPayload('cognito-sign-in-high-risk');
const low = capturedPayload('cognito-sign-in-low-risk');
const write = (name: string, lines: unknown[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
};
const readLines = (out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function replay(inputs: string[], out: string, options: { dataDir?: string; config?: LocalConfig } = {}) {
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({
    inputs,
    outDir: join(dir, out),
    config: options.config ?? parseLocalConfig({}),
    dataDir: options.dataDir,
  });
  return { summary, findings: readLines(join(dir, out), 'findings.jsonl') as unknown as Finding[], out: join(dir, out) };
}

const essentials = (f: Finding) => ({ id: f.id, detection: f.detection, subject: f.subject, count: f.count, firstSeen: f.firstSeen });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the awslogs form and the decoded form give the same finding; each log event is one event read', async () => {
  const encoded = await replay([write('encoded.jsonl', [awslogsEvent(low), awslogsEvent(high)])], 'encoded');
  const decoded = await replay([write('decoded.json', [JSON.stringify([low, high], null, 2)])], 'decoded');

  for (const run of [encoded, decoded]) {
    expect(run.summary.events).toEqual({ read: 2, processed: 2, quarantined: 0, unmatched: 0, failed: 0 });
    expect(run.summary.byDetection).toEqual({ 'cognito-high-risk-auth': 1 });
    expect(run.summary.invocations).toMatchObject({ cognitoAuthBridge: 2 });
  }
  expect(encoded.findings.map(essentials)).toEqual(decoded.findings.map(essentials));
  expect(encoded.findings[0]).toMatchObject({
    detection: 'cognito-high-risk-auth',
    subject: 'eu-west-1_Vq3Lm8TzR:f838a16f-0743-4a83-900d-1d3d7e9b7a99',
    firstSeen: '2026-11-20T10:21:24.617Z',
    // The capture's owner, not the local account.
    account: '111122223333',
  });
  expect(withoutHeartbeatPings(readLines(encoded.out, 'opsgenie.jsonl'))).toHaveLength(1);
  expect(readFileSync(join(encoded.out, 'opsgenie.jsonl'), 'utf8')).not.toContain('example.com');
});

test('replayed twice on one --data-dir, and duplicated within the capture, the payload raises nothing new', async () => {
  const capture = write('twice.jsonl', [awslogsEvent(high), high]);
  const dataDir = join(dir, 'data');
  const first = await replay([capture], 'twice-1', { dataDir });
  const second = await replay([capture], 'twice-2', { dataDir });
  expect(first.findings.map(essentials)).toEqual([expect.objectContaining({ detection: 'cognito-high-risk-auth', count: 1 })]);
  expect(second.findings.map(essentials)).toEqual(first.findings.map(essentials));
  expect(second.findings[0]!.eventIds).toEqual(first.findings[0]!.eventIds);
});

test('a CONTROL_MESSAGE is acknowledged by the bridge; a payload of a group nothing subscribes to matches no rule', async () => {
  const other = { ...high, logGroup: '/aws/vendedlogs/cognito/another-pool' };
  const run = await replay([write('control.jsonl', [capturedPayload('control-message'), awslogsEvent(other)])], 'control');
  expect(run.summary.events).toEqual({ read: 2, processed: 1, quarantined: 0, unmatched: 1, failed: 0 });
  expect(run.summary.invocations).toMatchObject({ cognitoAuthBridge: 1 });
  expect(run.findings).toEqual([]);

  // --config names the group the bridge subscribes to locally, as the stage parameter does in a stage.
  const config = parseLocalConfig({ cognitoUserAuthEventsLogGroup: other.logGroup });
  const configured = await replay([write('other.jsonl', [other])], 'other', { config });
  expect(configured.summary.events).toMatchObject({ read: 1, processed: 1, unmatched: 0 });
  expect(configured.summary.byDetection).toEqual({ 'cognito-high-risk-auth': 1 });
});

test('an undecodable payload is quarantined at input, a bad log event by the bridge; the run goes on', async () => {
  const broken = recordOf('cognito-sign-in-low-risk');
  broken.message.eventType = 42;
  const mixed = withMessages('cognito-sign-in-high-risk', [broken, recordOf('cognito-sign-in-high-risk')]);
  const run = await replay([write('bad.jsonl', [{ awslogs: { data: 'H4sI not base64' } }, awslogsEvent(mixed)])], 'bad');

  expect(run.summary.events).toEqual({ read: 3, processed: 1, quarantined: 2, unmatched: 0, failed: 0 });
  const quarantined = readLines(run.out, 'quarantine.jsonl');
  expect(quarantined).toEqual([
    expect.objectContaining({ stage: 'input', reason: 'line 1: awslogs.data is not base64', origin: expect.objectContaining({ line: 1 }) }),
    expect.objectContaining({
      stage: 'function',
      component: 'cognito-auth-bridge',
      reason: 'logEvents.0: not a userAuthEvents record: message.eventType: Invalid input: expected string, received number',
    }),
  ]);
  expect(run.summary.byDetection).toEqual({ 'cognito-high-risk-auth': 1 });
});
