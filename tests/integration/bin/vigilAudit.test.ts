import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables, localClientConfig, loadTableDefinitions, startDynamo } from '../../../infra/local';
import { DynamoAuditStore } from '../../../shared/audit';
import { entries, placed } from '../../shared/audit/entries';
import { ROOT, vigil } from '../../helpers/vigilProcess';

/**
 * `vigil audit verify` and `vigil audit query` as a user runs them: on the --data-dir a replay of the
 * CloudTrail and Cognito samples kept, and against a "deployed stage" (a DynamoDB endpoint given by --endpoint-url).
 */

const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-cli-'));
const dataDir = join(dir, 'data');
const day = ['--since', '2026-11-20T00:00:00Z', '--until', '2026-11-21T00:00:00Z'];

beforeAll(async () => {
  // The samples the audit trail records (CloudTrail and Cognito): the app telemetry and model runs add nothing to it.
  const samples = ['cloudtrail', 'cognito'].map((d) => join(ROOT, 'events', 'samples', d));
  const replay = await vigil('replay', ...samples, '--out', join(dir, 'out'), '--data-dir', dataDir);
  expect(replay.stderr).toBe('');
  expect(replay.stdout).toContain('audit trail: 26 authentication(s), 10 sensitive operation(s) recorded');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('on a replay data dir', () => {
  test('verify proves every chain intact, exit 0', async () => {
    const verify = await vigil('audit', 'verify', '--data-dir', dataDir);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^vigil audit verify: 7 partition\(s\), 36 record\(s\): intact/);
    const json = await vigil('audit', 'verify', '--data-dir', dataDir, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ intact: true, records: 36 });
  }, 60_000);

  test("query answers a principal's records by time, readable and as JSON", async () => {
    const marco = 'arn:aws:iam::111122223333:user/marco.b';
    const text = await vigil('audit', 'query', '--data-dir', dataDir, '--principal', marco, ...day);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^vigil audit query: 8 record\(s\) for arn:aws:iam::111122223333:user\/marco\.b/);
    expect(text.stdout).toContain('2026-11-20T15:11:29.000Z  authentication logon signin.amazonaws.com ConsoleLogin  success');
    const afternoon = await vigil(
      'audit',
      'query',
      '--data-dir',
      dataDir,
      '--principal',
      marco,
      '--since',
      '2026-11-20T15:05:00Z',
      '--until',
      '2026-11-20T15:09:00Z',
      '--json',
    );
    const out = JSON.parse(afternoon.stdout) as { records: Array<{ time: string; outcome: { status: string }; intact: boolean }> };
    expect(out.records.map((r) => [r.time, r.outcome.status, r.intact])).toEqual([
      ['2026-11-20T15:05:12.000Z', 'failure', true],
      ['2026-11-20T15:06:48.000Z', 'failure', true],
      ['2026-11-20T15:08:05.000Z', 'failure', true],
    ]);
  }, 60_000);

  test('query by a role ARN answers every session of the role', async () => {
    const role = await vigil(
      'audit',
      'query',
      '--data-dir',
      dataDir,
      '--principal',
      'arn:aws:iam::111122223333:role/ops-admin',
      ...day,
      '--json',
    );
    const out = JSON.parse(role.stdout) as { records: Array<{ action: { operation: string } }> };
    expect(out.records.map((r) => r.action.operation)).toEqual([
      'CreateUser',
      'AddUserToGroup',
      'PutBucketPolicy',
      'SetUserPoolMfaConfig',
      'UpdateTrail',
    ]);
  }, 60_000);

  test('query finds an app user by their Cognito sub through its pseudonym, and never prints the sub', async () => {
    const sub = 'f838a16f-0743-4a83-900d-1d3d7e9b7a99';
    const found = await vigil('audit', 'query', '--data-dir', dataDir, '--principal', `cognito-sub:${sub}`, ...day, '--json');
    expect(found.status).toBe(0);
    const out = JSON.parse(found.stdout) as {
      principal: string;
      records: Array<{ action: { operation: string }; outcome: { errorCode: string } }>;
    };
    expect(out.principal).toMatch(/^cognito:[0-9a-f]{32}$/);
    expect(out.records.map((r) => [r.action.operation, r.outcome.errorCode])).toEqual(
      Array(4).fill(['InitiateAuth', 'NotAuthorizedException']),
    );
    expect(found.stdout).not.toContain(sub);
  }, 60_000);

  test('verify exits 1 and names the first broken link of a record changed in the data dir', async () => {
    // marco.b's first failed sign-in of the afternoon: someone turns it into a success.
    const found = await vigil(
      'audit',
      'query',
      '--data-dir',
      dataDir,
      '--principal',
      'arn:aws:iam::111122223333:user/marco.b',
      '--json',
      '--since',
      '2026-11-20T15:02:14Z',
      '--until',
      '2026-11-20T15:02:14Z',
    );
    const [target] = (JSON.parse(found.stdout) as { records: Array<{ partition: string; seq: number }> }).records;
    const { partition, seq } = target!;
    const dynamo = await startDynamo({ dataDir: join(dataDir, 'dynamodb') });
    const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
    const ddb = DynamoDBDocumentClient.from(client);
    const key = { pk: `chain#${partition}`, sk: seq };
    let storedHash: string;
    try {
      const { Item } = await ddb.send(new GetCommand({ TableName: 'vigil-local-audit', Key: key }));
      storedHash = String(Item?.hash);
      const body = String(Item?.body).replace('"status":"failure"', '"status":"success"');
      expect(body).not.toBe(Item?.body);
      await ddb.send(
        new UpdateCommand({
          TableName: 'vigil-local-audit',
          Key: key,
          UpdateExpression: 'SET body = :b',
          ExpressionAttributeValues: { ':b': body },
        }),
      );
    } finally {
      client.destroy();
      await dynamo.close();
    }
    const verify = await vigil('audit', 'verify', '--data-dir', dataDir);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(`first broken link: partition ${partition}, seq ${seq} (altered)`);
    expect(verify.stdout).toMatch(new RegExp(`expected: [0-9a-f]{64}\\n  found:    ${storedHash}`));
    const json = JSON.parse((await vigil('audit', 'verify', '--data-dir', dataDir, '--json')).stdout);
    expect(json.brokenLink).toMatchObject({ partition, seq, reason: 'altered', found: storedHash });
    // The other chains are intact on their own.
    const intact = (json.partitions as Array<{ partition: string; intact: boolean }>).filter((p) => p.partition !== partition);
    expect(intact.length).toBeGreaterThan(0);
    expect(intact.every((p) => p.intact)).toBe(true);
    const other = await vigil('audit', 'verify', '--data-dir', dataDir, '--partition', intact[0]!.partition);
    expect(other.status).toBe(0);
    // And query marks the altered record.
    const q = await vigil('audit', 'query', '--data-dir', dataDir, '--principal', 'arn:aws:iam::111122223333:user/marco.b', ...day);
    expect(q.stdout).toContain('[ALTERED: does not match its hash; run vigil audit verify]');
  }, 60_000);
});

describe('against a deployed stage (--stage S --region R, here with --endpoint-url)', () => {
  test('verify and query read the stage table vigil-<stage>-audit', async () => {
    const dynamo = await startDynamo();
    const client = new DynamoDBClient(localClientConfig(dynamo.endpoint, 'eu-west-1'));
    try {
      const definitions = loadTableDefinitions(join(ROOT, 'infra', 'resources', 'tables.yml'), {
        resolveName: (id) => (id === 'AuditTrail' ? 'vigil-qa-audit' : `unused-${id}`),
      }).filter((d) => d.logicalId === 'AuditTrail');
      await ensureTables(client, definitions);
      const list = await entries(3, 'stage');
      await new DynamoAuditStore(DynamoDBDocumentClient.from(client), 'vigil-qa-audit').append(placed(list));
      const stage = ['--stage', 'qa', '--region', 'eu-west-1', '--endpoint-url', dynamo.endpoint];
      const verify = await vigil('audit', 'verify', ...stage);
      expect(verify.stderr).toBe('');
      expect(verify.stdout).toMatch(/1 partition\(s\), 3 record\(s\): intact/);
      expect(verify.status).toBe(0);
      const query = await vigil('audit', 'query', ...stage, '--principal', list[0]!.actor.principal!, ...day, '--json');
      expect((JSON.parse(query.stdout) as { records: unknown[] }).records).toHaveLength(3);
      const missing = await vigil('audit', 'verify', '--stage', 'nope', '--region', 'eu-west-1', '--endpoint-url', dynamo.endpoint);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/ResourceNotFound/);
    } finally {
      client.destroy();
      await dynamo.close();
    }
  }, 60_000);
});

describe('usage and refusals', () => {
  test.each([
    [['audit'], /usage: vigil audit/],
    [['audit', 'verify'], /give either --data-dir DIR or --stage S --region R/],
    [['audit', 'verify', '--stage', 'qa'], /--stage needs --region/],
    [['audit', 'frobnicate'], /unknown subcommand "frobnicate"/],
    [['audit', 'query', '--data-dir', 'x', '--since', '2026-11-20T00:00:00Z'], /--principal is required/],
    [['audit', 'query', '--data-dir', 'x', '--principal', 'p', '--since', 'yesterday'], /not an ISO 8601 time/],
    [['audit', 'verify', '--data-dir', 'x', '--principal', 'p'], /--principal is not an option of "audit verify"/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await vigil(...(args as string[]));
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toMatch(message);
  });

  test('a --data-dir that holds no replay state is refused with the reason, exit 1, no stack trace', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const result = await vigil('audit', 'verify', '--data-dir', empty);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/holds no replay state/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const missing = await vigil('audit', 'verify', '--data-dir', join(dir, 'does-not-exist'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/is not a directory/);
  });

  test("a corrupt data dir is refused with LevelDB's reason, not dynalite's uncaught exception", async () => {
    const corrupt = mkdtempSync(join(dir, 'corrupt-'));
    mkdirSync(join(corrupt, 'dynamodb'));
    writeFileSync(join(corrupt, 'dynamodb', 'CURRENT'), 'MANIFEST-not-there\n');
    const result = await vigil('audit', 'query', '--data-dir', corrupt, '--principal', 'p', ...day);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^vigil audit query: cannot open the DynamoDB store in ".*corrupt-.*": .+/);
    expect(result.stderr).not.toMatch(/Database is closed|\n\s+at /);
  });
});
