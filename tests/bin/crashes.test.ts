import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashesCommand, crashesCommandWith } from '../../bin/commands/crashes';
import { COMMANDS } from '../../bin/commands/index';
import { groupCrash } from '../../shared/telemetry/crashes';
import { type ConformancePayload, crashEvent, loadPayloads } from '../shared/telemetry/crashes/conformancePayloads';
import { runCommand } from '../helpers/runCommand';
import type { Command } from '../../bin/commands/types';

const run = (argv: string[], command: Command = crashesCommand) => runCommand(command, argv);

const USER_ID = 'u_RESTRICTED_MARKER_7Q2X9';
const browsers = loadPayloads('javascript-browsers.json');
const [chrome, edge, firefox, safari] = browsers;
const WEB_1 = 'app.example.com@2026.11.3+a41c9e2';
const WEB_2 = 'app.example.com@2026.11.4+b52d0f3';

/** An App Telemetry Batch envelope of web crash events (each its own session), and a screen view per session. */
function batch(release: string, minute: number, payloads: ConformancePayload[], user = USER_ID, extra: object[] = []) {
  const time = (s: number) => new Date(Date.UTC(2026, 10, 20, 13, minute, s)).toISOString();
  const events = payloads.flatMap((p, i) => {
    const sessionId = randomUUID();
    const e = crashEvent(p);
    return [
      {
        eventId: randomUUID(),
        name: 'screen_view',
        kind: 'screen_view',
        timestamp: time(i),
        sessionId,
        userId: user,
        properties: { screen: 'cards' },
      },
      {
        eventId: `${randomUUID()}`,
        name: e.name,
        kind: e.kind,
        timestamp: time(i + 1),
        sessionId,
        userId: user,
        platform: 'javascript',
        exception: p.exception,
      },
    ];
  });
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'App Telemetry Batch',
    source: 'vigil.app',
    account: '111122223333',
    time: time(59),
    region: 'eu-west-1',
    resources: [],
    detail: {
      schemaVersion: 2,
      batchId: randomUUID(),
      app: { id: 'app.example.com', platform: 'web', version: '2026.11.3', build: 'a41c9e2' },
      sentAt: time(58),
      release,
      events: [...events, ...extra],
    },
  };
}

function capture(lines: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-crashes-'));
  const file = join(dir, 'capture.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
  return file;
}

const badEvent = { eventId: randomUUID(), name: 'app_crash', kind: 'crash', timestamp: 'yesterday', sessionId: 's', exception: {} };

test('--json: one group for the TypeError of four browsers over two releases; invalid events and records left out, counted', async () => {
  const file = capture([
    batch(WEB_1, 0, [chrome!, firefox!], USER_ID, [badEvent]),
    batch(WEB_2, 30, [safari!, edge!], 'u_OTHER_USER_4K2'),
    { ...batch(WEB_2, 40, [chrome!]), detail: { schemaVersion: 2, events: [] } },
  ]);
  const { code, stdout, stderr } = await run(['--input', file, '--json']);
  expect(code).toBe(0);
  const { groups } = JSON.parse(stdout);
  expect(groups).toEqual([
    {
      groupId: groupCrash(crashEvent(chrome!)).groupId,
      title: expect.stringMatching(/^TypeError: /),
      count: 4,
      users: 2,
      releases: { first: WEB_1, last: WEB_2 },
      eventIds: expect.any(Array),
    },
  ]);
  expect(groups[0].eventIds).toHaveLength(4);
  expect(stderr).toContain(
    '8 events from 3 telemetry batches; 1 event left out: breaking the telemetry spec; 1 unreadable record left out',
  );
  expect(stdout + stderr).not.toContain(USER_ID);
});

test('--release keeps one release; the table shows groups and crash-free sessions and users per release', async () => {
  const file = capture([batch(WEB_1, 0, [chrome!, firefox!]), batch(WEB_2, 30, [safari!])]);
  const json = JSON.parse((await run(['--input', file, '--release', WEB_2, '--json'])).stdout);
  expect(json.groups.map((g: { count: number; releases: object }) => [g.count, g.releases])).toEqual([[1, { first: WEB_2, last: WEB_2 }]]);
  const { code, stdout } = await run(['--input', file]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^GROUP +EVENTS +CRASHES +USERS +FIRST RELEASE +LAST RELEASE +TITLE\n[0-9a-f]{32} +3 +3 +1 /);
  expect(stdout).toMatch(new RegExp(`\\n${WEB_1.replace(/[.+]/g, '\\$&')} +2 +2 +0\\.00% +1 +0\\.00%\\n`));
  expect(stdout).not.toContain(USER_ID);
});

test('the source is pluggable: any AsyncIterable of stored-shaped events', async () => {
  const command = crashesCommandWith(async function* () {
    yield crashEvent(chrome!, { eventId: 'a', userPseudonym: 'p1' });
    yield crashEvent(chrome!, { eventId: 'a', userPseudonym: 'p1' });
  });
  const { code, stdout } = await run(['--input', 'store', '--json'], command);
  expect(code).toBe(0);
  expect(JSON.parse(stdout).groups.map((g: { count: number; eventIds: string[] }) => [g.count, g.eventIds])).toEqual([[1, ['a']]]);
});

test('bad usage and unreadable inputs exit 2 with the reason; the command is registered', async () => {
  for (const argv of [[], ['--json'], ['--input'], ['--input', 'x', '--release', ''], ['--input', 'x', '--bogus']]) {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: vigil crashes');
  }
  const missing = await run(['--input', join(tmpdir(), `no-such-${randomUUID()}.jsonl`)]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^vigil crashes: /);
  expect(COMMANDS.crashes).toBe(crashesCommand);
});
