import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, vigil } from '../../helpers/vigilProcess';

/**
 * `vigil decrypt` and `vigil erase` as an operator runs them, on the --data-dir a replay of the
 * telemetry samples kept: the event comes back with its Restricted values, the user's events are
 * erased, and each act is in the audit trail (vigil audit query by the operator) without the user id.
 */

// From events/samples/app/telemetry-batches.jsonl: the first iOS batch's user and its screen view.
const USER = 'u_0Z5AWAH8Z233AF0MYN944587DM';
const EVENT = '6def84bc-c5bd-4047-a1a9-a4297884c2b4';
const dir = mkdtempSync(join(tmpdir(), 'vigil-decrypt-cli-'));
const dataDir = join(dir, 'data');
const today = () => ['--since', new Date(Date.now() - 3600_000).toISOString(), '--until', new Date(Date.now() + 3600_000).toISOString()];

beforeAll(async () => {
  // The one file the user and event come from (app-signals.jsonl beside it would only make the replay longer).
  const replay = await vigil(
    'replay',
    join(ROOT, 'events', 'samples', 'app', 'telemetry-batches.jsonl'),
    '--out',
    join(dir, 'out'),
    '--data-dir',
    dataDir,
  );
  expect(replay.status).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('decrypt prints the event with its Restricted values and records the read', async () => {
  const decrypt = await vigil('decrypt', '--event-id', EVENT, '--data-dir', dataDir, '--json');
  expect(decrypt.stderr).toBe('');
  expect(decrypt.status).toBe(0);
  const record = JSON.parse(decrypt.stdout);
  expect(record).toMatchObject({ eventId: EVENT, name: 'screen_view', restrictedFields: ['userId'], event: { userId: USER } });
  expect(record.keyId).toMatch(/^arn:aws:kms:/);
  const audit = await vigil('audit', 'query', '--principal', `local:${userInfo().username}`, ...today(), '--data-dir', dataDir, '--json');
  expect(audit.status).toBe(0);
  const reads = JSON.parse(audit.stdout).records.filter(
    (r: { action: { operation: string } }) => r.action.operation === 'DecryptTelemetryEvent',
  );
  expect(reads).toEqual([expect.objectContaining({ activity: 'read', targets: [`vigil-local-telemetry-events/${EVENT}`] })]);
}, 60_000);

test('decrypt of an unknown event: exit 1 with the reason; a missing --event-id or target: exit 2', async () => {
  const missing = await vigil('decrypt', '--event-id', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/no stored telemetry event 00000000-0000-4000-8000-000000000000/);
  expect((await vigil('decrypt', '--data-dir', dataDir)).status).toBe(2);
  expect((await vigil('erase', '--user', USER)).status).toBe(2);
}, 60_000);

test('erase removes every event of the user, records the erasure by pseudonym, and the event no longer decrypts', async () => {
  const erase = await vigil('erase', '--user', USER, '--data-dir', dataDir, '--json');
  // The state table's scan reports its progress; the user's one state item is its experiment unit.
  expect(erase.stderr).toMatch(/^vigil erase: state table: \d+ item\(s\) read, 1 of the user's deleted\n$/);
  expect(erase.status).toBe(0);
  const erasure = JSON.parse(erase.stdout);
  expect(erasure.userPseudonym).toMatch(/^user:[0-9a-f]{32}$/);
  expect(erasure.state).toEqual({ scanned: expect.any(Number), erased: 1 });
  expect(erasure.erased).toHaveLength(6);
  expect(erasure.erased).toContain(EVENT);
  expect((await vigil('decrypt', '--event-id', EVENT, '--data-dir', dataDir)).status).toBe(1);
  const audit = await vigil('audit', 'query', '--principal', `local:${userInfo().username}`, ...today(), '--data-dir', dataDir, '--json');
  expect(audit.stdout).not.toContain(USER);
  const erasures = JSON.parse(audit.stdout).records.filter(
    (r: { action: { operation: string } }) => r.action.operation === 'EraseTelemetryUser',
  );
  expect(erasures).toEqual([
    expect.objectContaining({
      activity: 'delete',
      targets: ['vigil-local-telemetry-events', 'vigil-local-detection-state', erasure.userPseudonym],
    }),
  ]);
  const again = await vigil('erase', '--user', USER, '--data-dir', dataDir, '--json');
  expect(JSON.parse(again.stdout)).toMatchObject({ erased: [], state: { erased: 0 } });
}, 60_000);
