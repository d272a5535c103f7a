import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../../../../infra/local/awsClients';
import { EmbeddedRuntime } from '../../../../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../../../../infra/local/runtime/localConfig';
import { runReplay, type ReplaySummary } from '../../../../../infra/local/runtime/replayRun';
import { loadCaptured } from '../../../../helpers/capturedEvent';

/**
 * Issue 7, item 11. Events whose Restricted fields (user id, feedback and NPS free text, a frame's local
 * variables) carry known markers, and whose unrestricted fields carry e-mail addresses, phone, card numbers
 * and IP addresses, through the whole pipeline as `vigil replay` runs it, the functions logging at DEBUG and
 * publishing their EMF metrics. The events are accepted (not quarantined), one finding per unrestricted field
 * is raised, and none of the values is in anything the run wrote or emitted: every log line and EMF blob,
 * findings, OpsGenie requests, SIEM records, quarantine, summary, and every raw item of every DynamoDB table.
 */
type Json = Record<string, any>;

// Locally the runtime turns EMF off (nothing to publish to); here the functions print it, so it can be scanned.
jest.mock('../../../../../infra/local/runtime/functionEnvironment', () => {
  const actual = jest.requireActual('../../../../../infra/local/runtime/functionEnvironment');
  return {
    ...actual,
    functionEnvironment: (...args: unknown[]) => ({ ...actual.functionEnvironment(...args), POWERTOOLS_METRICS_DISABLED: 'false' }),
  };
});

/** Personal data in fields not classified Restricted: redacted by the PII guard. */
const UNRESTRICTED = ['jane.doe@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', '203.0.113.77', '2001:db8:85a3::8a2e:370:7334'];
/** Values of Restricted fields: sealed at rest, never in clear anywhere (the e-mail rides in Restricted free text). */
const RESTRICTED = [
  'u_MARKER_SCAN_USER_8K2T',
  'MARKER_FEEDBACK_5R7Q',
  'marker.feedback@example.com',
  'MARKER_NPS_3W6Z',
  'MARKER_VARS_9H1D',
];
/** Already in the captured web batch (a form error message). */
const CAPTURED = ['anna.k@example.com'];
const SCANNED = [...UNRESTRICTED, ...RESTRICTED, ...CAPTURED];

const dir = mkdtempSync(join(tmpdir(), 'vigil-pii-'));
const out = join(dir, 'out');
const dataDir = join(dir, 'data');
let summary: ReplaySummary;
let emitted = '';
let accepted = 0;
const tableText: Record<string, string> = {};

function captures(): Json[] {
  const crash = loadCaptured('app-telemetry', 'crash-js-chrome') as Json;
  const first = crash.detail.events[0];
  const exception = first.exception.values[0];
  exception.value = `payee ${UNRESTRICTED[0]} rejected; call ${UNRESTRICTED[1]}`;
  exception.stacktrace.frames[0].function = `charge(${UNRESTRICTED[2]})`;
  exception.stacktrace.frames[0].vars = { card: RESTRICTED[4] };
  crash.detail.device.model = `proxy ${UNRESTRICTED[3]} / ${UNRESTRICTED[4]}`;
  const sameSession = { timestamp: first.timestamp, sessionId: first.sessionId };
  crash.detail.events.push(
    {
      eventId: '3f1e9a52-7c4b-4d21-9b6e-0a8c2d4e6f10',
      name: 'feedback_submitted',
      kind: 'feedback',
      ...sameSession,
      properties: { message: `${RESTRICTED[1]} please write to ${RESTRICTED[2]}`, category: 'bug', rating: 2 },
    },
    {
      eventId: '7a2c4e6f-8b1d-4f3a-a5c7-e9b0d2f4a6c8',
      name: 'nps_response',
      kind: 'feedback',
      ...sameSession,
      properties: { surveyId: 'nps_2026_q4', score: 3, comment: RESTRICTED[3] },
    },
  );
  const web = loadCaptured('app-telemetry', 'batch-web') as Json;
  const batches = [crash, web];
  for (const batch of batches) for (const e of batch.detail.events) e.userId = RESTRICTED[0];
  accepted = batches.reduce((n, b) => n + b.detail.events.length, 0);
  return batches;
}

/** Everything written to the console or to stdout / stderr while `run` runs (Powertools' loggers and EMF write there). */
async function capturingOutput<T>(run: () => Promise<T>): Promise<T> {
  const text = (args: unknown[]) => `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
  const spies = [
    ...(['log', 'info', 'debug', 'warn', 'error', 'trace'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        emitted += text(args);
      }),
    ),
    ...[process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        emitted += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        return true;
      }),
    ),
  ];
  try {
    return await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Every raw item of every table the replay left in the data dir, binary attributes as bytes read as text. */
async function scanTables(): Promise<void> {
  const runtime = await EmbeddedRuntime.start({ dataDir });
  const ddb = new DynamoDBClient(localClientConfig(runtime.localAws.endpoints.dynamodb));
  const asText = (_k: string, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v);
  try {
    for (const table of (await ddb.send(new ListTablesCommand({}))).TableNames ?? []) {
      const items: unknown[] = [];
      let ExclusiveStartKey: Record<string, any> | undefined;
      do {
        const page = await ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      tableText[table] = JSON.stringify(items, asText);
    }
  } finally {
    ddb.destroy();
    await runtime.close();
  }
}

/** Every file under a directory, read as text (the data dir's key files, logs and tables' files included). */
function filesUnder(path: string): Array<[string, string]> {
  return readdirSync(path).flatMap((name) => {
    const file = join(path, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [[file, readFileSync(file).toString('latin1')] as [string, string]];
  });
}

beforeAll(async () => {
  writeFileSync(
    join(dir, 'capture.jsonl'),
    `${captures()
      .map((e) => JSON.stringify(e))
      .join('\n')}\n`,
  );
  const config = parseLocalConfig({ logLevel: 'DEBUG', pageAtOrAbove: 'info' });
  summary = await capturingOutput(() => runReplay({ inputs: [join(dir, 'capture.jsonl')], outDir: out, dataDir, config }));
  await scanTables();
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('accepted, not quarantined; one finding per app, event and field', () => {
  expect(summary.telemetry).toMatchObject({ batches: 2, events: { accepted, quarantined: 0 } });
  expect(summary.events).toMatchObject({ quarantined: 0, failed: 0 });
  const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const keys = findings.filter((f) => f.detection === 'telemetry-pii-in-unrestricted-field').map((f) => f.dedupKey);
  expect(keys.sort()).toEqual(
    [
      'app.example.com|batch|device.model',
      'app.example.com|app_crash|exception.values[].value',
      'app.example.com|app_crash|exception.values[].stacktrace.frames[].function',
      'app.example.com|form_validation_error|properties.message',
    ].sort(),
  );
});

test('what was scanned is there: DEBUG log lines, EMF metrics, OpsGenie requests, SIEM records, stored events', () => {
  // Powertools' dev mode (tests/setupEnv.ts) indents its JSON.
  expect(emitted).toMatch(/"level":\s*"DEBUG"/);
  expect(emitted).toMatch(/"service":\s*"app-telemetry"/);
  expect(emitted).toMatch(/"_aws":\s*\{/);
  expect(emitted).toMatch(/"TelemetryEventsAccepted":\s*\d/);
  expect(summary.deliveries.opsgenie).toBeGreaterThan(0);
  expect(summary.deliveries.siem).toBeGreaterThan(0);
  const telemetryTable = Object.keys(tableText).find((t) => t.endsWith('telemetry-events'));
  expect(telemetryTable).toBeDefined();
  expect(tableText[telemetryTable!]).toContain('feedback_submitted');
  expect(Object.keys(tableText).length).toBeGreaterThan(5);
});

test('no value anywhere in what the run wrote or emitted', () => {
  const written = readdirSync(out).map((f): [string, string] => [f, readFileSync(join(out, f), 'utf8')]);
  expect(written.map(([f]) => f)).toEqual(expect.arrayContaining(['findings.jsonl', 'opsgenie.jsonl', 'siem.jsonl', 'summary.json']));
  const everything: Array<[string, string]> = [
    ['console, stdout and stderr', emitted],
    ...written,
    ...Object.entries(tableText).map(([table, text]): [string, string] => [`table ${table}`, text]),
    ...filesUnder(dataDir),
  ];
  const hits = everything.flatMap(([where, text]) =>
    SCANNED.filter((value) => text.includes(value)).map((value) => `${value} in ${where}`),
  );
  expect(hits).toEqual([]);
});
