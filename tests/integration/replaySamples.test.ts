import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { runReplay, type ReplaySummary } from '../../infra/local/runtime/replayRun';
import type { Finding } from '../../shared/findings';
import opsgenieSchema from '../conformance/opsgenie-create-alert.schema.json';
import { ocsfErrors } from '../helpers/ocsfValidator';

/**
 * What events/samples must produce, counted by hand from the files (events/samples/README.md tells the
 * story). When a sample is added for a new detection, update these numbers and say why in the comment.
 */
const EXPECTED = {
  events: {
    // 16 records in cloudtrail/management-events.json + 20 in cloudtrail/data-events.jsonl.gz (raw, wrapped by
    // replay) + 10 cloudtrail/console-signin.jsonl + 11 cognito/user-pool-calls.json + 4 sagemaker/... + 3
    // guardduty/findings.jsonl + 5 app/telemetry-batches.jsonl + 4 app/web-crashes.jsonl + 7 cloudtrail/console-bruteforce.jsonl
    // (EventBridge events) + 2 log events in cognito/user-auth-events.jsonl (CloudWatch Logs payloads, one
    // awslogs-encoded, one decoded: each log event is an event read, bridged by cognito-auth-bridge) + 245 batches of
    // app/app-signals.jsonl (240 payee-search sessions, 5 of one user's exports).
    read: 327,
    // Everything but the malformed telemetry batch (envelope id 0155c2df-...), which the schema refuses.
    processed: 326,
    quarantined: 1,
    // Every sample's source and detail-type is routed by a rule in events/rules/ (tests/schemas/schemas.test.ts).
    unmatched: 0,
    failed: 0,
  },
  // app/telemetry-batches.jsonl: 5 batches holding 21 app events. The malformed batch's 2 events are quarantined with
  // it (its app.version and its second event's name are missing: 2 envelope violations); the 19 others follow the
  // telemetry spec (3 batches of schemaVersion 2, among them the Android crash with its structured exception, and
  // the 4.11.2 iOS batch still on version 1, its crash flat).
  // app/app-signals.jsonl: 245 batches, 485 events, all following the spec (240 × an exposure and an api_request, 5
  // statement_exported).
  // app/web-crashes.jsonl: 4 batches, 7 events (3 crashes, each after a screen_view, and a later screen_view).
  telemetry: { batches: 254, events: { accepted: 511, quarantined: 2 }, unexpected: 0, violations: { envelope: 2 } },
  findings: 28,
  byDetection: {
    // UpdateTrail 14:05:18 (isMultiRegionTrail: false) and StopLogging 14:07:52 on org-audit-trail share the
    // dedup key <account>:<trail ARN> in the 14:00-15:00 window: one finding, count 2. The denied DeleteTrail
    // and the responder's StartLogging / UpdateTrail (multi-region on) raise nothing.
    'cloudtrail-stopped-or-deleted': { findings: 1, count: 2 },
    // j.moreau's DeleteTrail on org-audit-trail at 14:03:05, denied (AccessDenied): someone tried (medium).
    'cloudtrail-tamper-attempt': { findings: 1, count: 1 },
    // The one successful Root ConsoleLogin (11:47:36, 203.0.113.45, MFAUsed "No"); the failed one before it is not.
    'root-console-login': { findings: 1, count: 1 },
    // marco.b's 6 failures from 192.0.2.77, 15:02:14-15:08:05: 5 within 15 minutes reach the threshold, the
    // finding counts all 6 (medium: not Root).
    'console-bruteforce-per-user': { findings: 1, count: 6 },
    // ... then his success from the same IP at 15:11:29: the 6 failures and the success, 7 events.
    'bruteforce-then-success': { findings: 1, count: 7 },
    // console-signin: marco.b's ConsoleLogin Success at 09:30:10 (MFAUsed "No") and console-bruteforce: his success at
    // 15:11:29 (same dedup key, another hour: two findings), and Root's success at 11:47:36. Not the SSO login
    // (AWSReservedSSO_SecurityAudit_..., MFA at the identity provider) nor the failures.
    'console-login-without-mfa': { findings: 3, count: 3 },
    // console-signin: Root's failed ConsoleLogin 11:46:58 and its success 11:47:36, both from 203.0.113.45: one
    // finding per account and source IP, count 2 (attempts count); high, as a sign-in is not a write.
    'root-account-usage': { findings: 1, count: 2 },
    // cognito/user-pool-calls.json: dana.ops's SetUserPoolMfaConfig 10:40:05 setting pool eu-west-1_Vq3Lm8TzR's MFA to
    // OPTIONAL (high: it pages).
    'cognito-mfa-or-threat-protection-weakened': { findings: 1, count: 1 },
    // cloudtrail/data-events.jsonl.gz: j.moreau's 6 GetObject of vigil-exports-... from 198.51.100.23, 14:10:03-14:15:02,
    // about 510 MB: over the 50 MB floor with no read history of his own (high: under 1 GB; with no history there is
    // no "new IP" to speak of).
    's3-getobject-volume-spike': { findings: 1, count: 6 },
    // cognito/user-auth-events.jsonl: threat protection rated the script's 10:21:24 SignIn for sub f838a16f-...
    // from 198.51.100.91 High (AccountTakeover, blocked); the 10:04:13 Low-risk sign-in of sub 63c64b26-... raises nothing.
    'cognito-high-risk-auth': { findings: 1, count: 1 },
    // cognito/user-pool-calls.json: the support tool's AdminCreateUser 10:33:12 in pool eu-west-1_Vq3Lm8TzR (medium: it
    // does not page). The 5 failed InitiateAuth from 198.51.100.91 are 2 distinct users, far below cognito-spray-per-ip's 10.
    'cognito-admin-account-manipulation': { findings: 1, count: 1 },
    // guardduty/findings.jsonl: InstanceCredentialExfiltration.OutsideAWS (severity 8: high, pages) and
    // CloudTrailLoggingDisabled (severity 2: low); the sample finding (additionalInfo.sample) is skipped.
    'guardduty-finding': { findings: 2, count: 2 },
    // app/telemetry-batches.jsonl: the web batch's form_validation_error quotes an e-mail address in properties.message
    // (Confidential): redacted by the PII guard, one finding (medium: it does not page).
    'telemetry-pii-in-unrestricted-field': { findings: 1, count: 1 },
    // app/app-signals.jsonl, the app signals (shared/telemetry/signals). payee_search_v2 is configured 50/50 but logs
    // 3 treatment exposures in 8: at 200 units (125/75, chi-square 12.5, p = 0.0004 < 0.001) the split is a
    // mismatch; one finding for the day (medium).
    'experiment-sample-ratio-mismatch': { findings: 1, count: 1 },
    // From 13:00, 3 in 10 api_request calls of com.example.vigilbank (production) take over 1 s: a 30× burn. Over 1 h
    // and 5 min it reaches 14.4× with the 13:25 bucket: a page (high), counted once per 5-minute bucket, 13:25-13:55: 7.
    'app-latency-slo-burn': { findings: 1, count: 7 },
    // One user exported 200 records at 08:12, then 4 × 3 500 from 13:10 to 13:40: 14 000 in the hour, over the
    // 10 000-record floor and 10× the user's peak hour so far (recent-peak basis, 1 day of history): one finding of
    // the 4 exports (high), keyed by the user's pseudonym.
    'app-data-export-anomaly': { findings: 1, count: 4 },
    // The crash check (functions/crash-check, settled 15-minute slots): three crash groups new to the issue state, each
    // raised with its events in the slot it was first seen in (one each): the Android IllegalStateException at 11:04, the
    // iOS 4.11.2 EXC_BAD_ACCESS at 15:20, and web-crashes.jsonl's TypeError, one group across Chrome, Firefox and Safari
    // (16:11, 16:18, 16:26: the first slot holds the Chrome one). Medium: none pages. The web release's 4 sessions are
    // under app-crash-rate-spike's minSessions (50).
    'app-new-or-regressed-crash': { findings: 3, count: 3 },
    // sagemaker/processing-job-state-change.jsonl with its reports in events/s3 (served on the embedded S3): the 13:00
    // fraud-scorer run drifted on transaction_amount (0.234) and merchant_category (0.188), over the 0.1 warn line
    // and under the 0.25 critical one: a finding each (medium); 2 of 4 features is the 0.5 drift share (high); its 3
    // violations (2 baseline_drift_check, 1 completeness_check) one finding (low). The 12:00 run is clean. The
    // model-quality run's auc under its constraint (high); the churn-model run that failed with no data (medium).
    'model-feature-drift': { findings: 2, count: 2 },
    'model-dataset-drift': { findings: 1, count: 1 },
    'model-constraint-violations': { findings: 1, count: 1 },
    'model-quality-degraded': { findings: 1, count: 1 },
    'model-monitor-job-failed': { findings: 1, count: 1 },
  },
  // The audit trail (shared/audit, docs/audit.md). Authentications: the 17 ConsoleLogin (10 in console-signin.jsonl,
  // 7 in console-bruteforce.jsonl, failures included), dana.ops's AssumeRole of ops-admin (an IAM user; the AWSService
  // AssumeRole is a Lambda's own role and is not), and in user-pool-calls.json the 6 InitiateAuth, the
  // RespondToAuthChallenge and the hosted-UI Login_POST: 26. Sensitive operations, the writes the registry's triggers
  // watch: CreateUser and AddUserToGroup (admin-user-created-sequence), PutBucketPolicy, the denied DeleteTrail, the two
  // UpdateTrail, StopLogging, SignUp (cognito-signup-or-reset-burst), AdminCreateUser (cognito-admin-account-manipulation)
  // and SetUserPoolMfaConfig: 10. Not StartLogging: no detection watches it.
  audit: { authentication: 26, operation: 10 },
  // critical and high page (pageAtOrAbove defaults to high, shared/alerts/severity.ts): all but the medium burst, the
  // medium tamper attempt, the medium Cognito AdminCreateUser, the low GuardDuty finding and the medium and low model
  // findings (the 3 console-login-without-mfa, the root-account-usage, the Cognito MFA, the Cognito high-risk, the S3
  // volume-spike, the high GuardDuty finding, model-dataset-drift, model-quality-degraded, app-latency-slo-burn and
  // app-data-export-anomaly are high); the SIEM gets every finding and every audit record: 28 + 36, and the two
  // Updates of the latency burn.
  // OpsGenie also gets the heartbeat's pings (functions/heartbeat, rate(5 minutes) on event time, counted apart). With
  // replayCatchUp 'latest' a replay pings once per step of event time that spans firings (from one captured event to
  // the next): the samples' events advance the clock past a firing 30 times (22 of them the app-signals batches, one
  // every 30 s from 12:00 to 14:00, which step past each firing of those two hours).
  // Each page OpsGenie accepted waits for the outbox drain to read its outcome. The drain fires on event time like the
  // heartbeat; the pages of the captures replayed after the clock's last firing (their events are older than the
  // clock, which never goes back) wait at the end: 13. The drain confirmed the rest.
  deliveries: { opsgenie: 17, siem: 66, heartbeatPings: 30, unconfirmed: 13 },
} as const;

const REPO_ROOT = join(__dirname, '..', '..');

/** `npm start`'s path end to end: events/samples through every function on the embedded runtime. */
const out = mkdtempSync(join(tmpdir(), 'vigil-samples-'));
let summary: ReplaySummary;
const lines = (file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  summary = await runReplay({
    inputs: [join(REPO_ROOT, 'events', 'samples')],
    s3Dir: join(REPO_ROOT, 'events', 's3'),
    outDir: out,
    config: parseLocalConfig({}),
  });
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the samples give exactly the expected counts', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  expect(summary.events).toEqual(EXPECTED.events);
  expect(summary.telemetry).toEqual(EXPECTED.telemetry);
  expect(summary.findings).toBe(EXPECTED.findings);
  expect(findings).toHaveLength(EXPECTED.findings);
  const expectedByDetection = Object.fromEntries(Object.entries(EXPECTED.byDetection).map(([id, e]) => [id, e.findings]));
  expect(summary.byDetection).toEqual(expectedByDetection);
  const counted = (id: string) => findings.filter((f) => f.detection === id).reduce((sum, f) => sum + f.count, 0);
  expect(Object.fromEntries(Object.keys(EXPECTED.byDetection).map((id) => [id, counted(id)]))).toEqual(
    Object.fromEntries(Object.entries(EXPECTED.byDetection).map(([id, e]) => [id, e.count])),
  );
  expect(summary.deliveries).toEqual(EXPECTED.deliveries);
  expect(summary.audit).toEqual(EXPECTED.audit);
  expect(lines('opsgenie.jsonl')).toHaveLength(EXPECTED.deliveries.opsgenie + EXPECTED.deliveries.heartbeatPings);
  expect(lines('siem.jsonl')).toHaveLength(EXPECTED.deliveries.siem);
  expect(lines('quarantine.jsonl')).toHaveLength(EXPECTED.events.quarantined);
});

test('every finding names a runbook that exists in the repository', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  expect(findings.length).toBeGreaterThan(0);
  const missing = findings.map((f) => f.runbook).filter((runbook) => !existsSync(join(REPO_ROOT, runbook)));
  expect(missing).toEqual([]);
});

test("the samples raise the first slice's detections, and the failed DeleteTrail only a tamper attempt", () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const byDetection = (id: string) => findings.filter((f) => f.detection === id);
  for (const f of byDetection('cloudtrail-stopped-or-deleted')) {
    expect(f.severity).toBe('critical');
    expect(f.evidence.eventName).not.toBe('DeleteTrail');
  }
  expect(byDetection('cloudtrail-tamper-attempt').map((f) => [f.severity, f.evidence.eventName, f.evidence.errorCode])).toEqual([
    ['medium', 'DeleteTrail', 'AccessDenied'],
  ]);
  for (const f of findings) {
    expect(f.id).toMatch(/^[0-9a-f]{32}$/);
    expect(f.eventIds.length).toBeGreaterThan(0);
    expect(f.count).toBeGreaterThanOrEqual(f.eventIds.length);
    expect(f.runbook).toBe(`docs/runbooks/${f.detection}.md`);
  }
});

test("marco.b's brute force raises the burst and the sequence, each listing its events; j.moreau's 3 failures do not", () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const burst = findings.filter((f) => f.detection === 'console-bruteforce-per-user');
  const sequence = findings.filter((f) => f.detection === 'bruteforce-then-success');
  expect(burst.map((f) => [f.subject, f.severity, f.count, f.eventIds.length])).toEqual([
    ['arn:aws:iam::111122223333:user/marco.b', 'medium', 6, 6],
  ]);
  expect(sequence.map((f) => [f.subject, f.severity, f.count])).toEqual([['arn:aws:iam::111122223333:user/marco.b', 'high', 7]]);
  expect(new Set(sequence[0]!.eventIds)).toEqual(
    new Set([...burst[0]!.eventIds, sequence[0]!.eventIds.find((id) => !burst[0]!.eventIds.includes(id))]),
  );
  expect(sequence[0]).toMatchObject({
    firstSeen: '2026-11-20T15:11:29.000Z',
    evidence: { sourceIPAddress: '192.0.2.77' },
    mitre: ['T1110'],
  });
  expect(burst[0]).toMatchObject({ firstSeen: '2026-11-20T15:02:14.000Z', lastSeen: '2026-11-20T15:08:05.000Z', mitre: ['T1110.001'] });
});

test('every paging finding became one OpsGenie create-alert request that the OpsGenie schema accepts', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const all = (lines('opsgenie.jsonl') as Array<{ method: string; url: string; body: Record<string, unknown> }>).filter(
    (r) => !r.url.includes('/v2/heartbeats/'),
  );
  // A finding that grows later (the latency burn) is told by add-note on its alias, never by a second create.
  const notes = all.filter((r) => r.url.endsWith('/notes?identifierType=alias'));
  const requests = all.filter((r) => !notes.includes(r));
  const paging = findings.filter((f) => f.severity === 'critical' || f.severity === 'high');
  expect(requests).toHaveLength(paging.length);
  expect(notes).toHaveLength(2);
  for (const note of notes) {
    expect(note.method).toBe('POST');
    expect(note.url).toMatch(/^https:\/\/api\.opsgenie\.com\/v2\/alerts\/vigil%3Alocal%3Aapp-latency-slo-burn%3A[0-9a-f]{32}\/notes/);
  }
  const validate = new Ajv({ strict: false }).compile(opsgenieSchema);
  for (const request of requests) {
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.opsgenie.com/v2/alerts');
    expect(validate(request.body)).toBe(true);
    expect(JSON.stringify(request)).not.toMatch(/GenieKey/);
  }
  const priorities = requests.map((r) => r.body.priority).sort();
  expect(priorities).toEqual(paging.map((f) => (f.severity === 'critical' ? 'P1' : 'P2')).sort());
});

test('the heartbeat function pinged the stage heartbeat on event time, once per scheduled run', () => {
  const pings = lines('opsgenie.jsonl').filter((r) => String(r.url).includes('/v2/heartbeats/'));
  expect(pings).toHaveLength(EXPECTED.deliveries.heartbeatPings);
  expect(summary.invocations.heartbeat).toBe(EXPECTED.deliveries.heartbeatPings);
  for (const ping of pings) {
    expect(ping).toEqual({ method: 'GET', url: 'https://api.opsgenie.com/v2/heartbeats/vigil-local-pipeline/ping', body: null });
  }
});

test('every finding reached the SIEM as an OCSF 1.3 Detection Finding', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const records = lines('siem.jsonl').filter((r) => r.class_uid === 2004);
  const creates = records.filter((r) => r.activity_name === 'Create');
  expect(creates).toHaveLength(findings.length);
  expect(new Set(creates.map((r) => (r.finding_info as { uid: string }).uid)).size).toBe(findings.length);
  // Later occurrences are Updates of a finding that was created first.
  const updates = records.filter((r) => r.activity_name === 'Update');
  expect(updates).toHaveLength(records.length - creates.length);
  expect(updates).toHaveLength(2);
  for (const record of records) {
    expect(record).toMatchObject({ class_uid: 2004, category_uid: 2, metadata: { version: '1.3.0' } });
    const uid = (record.finding_info as { uid: string }).uid;
    expect(findings.map((f) => f.id)).toContain(uid);
  }
});

test('every SIEM record validates against the OCSF 1.3.0 schema (tests/conformance/ocsf-1.3.0-classes.json)', () => {
  const invalid = lines('siem.jsonl').flatMap((r) => ocsfErrors(r).map((e) => `${String(r.class_uid)} ${String(r.type_uid)}: ${e}`));
  expect(invalid).toEqual([]);
});

test('every audit record reached the SIEM as OCSF 1.3 Authentication or API Activity, once, with its chain position', () => {
  const records = lines('siem.jsonl').filter((r) => r.class_uid !== 2004);
  const byClass = (uid: number) => records.filter((r) => r.class_uid === uid);
  expect(byClass(3002)).toHaveLength(EXPECTED.audit.authentication);
  expect(byClass(6003)).toHaveLength(EXPECTED.audit.operation);
  expect(records).toHaveLength(EXPECTED.audit.authentication + EXPECTED.audit.operation);
  const uids = records.map((r) => (r.metadata as { uid: string }).uid);
  expect(new Set(uids).size).toBe(uids.length);
  for (const r of records) {
    expect(r).toMatchObject({
      metadata: { version: '1.3.0' },
      unmapped: { audit: { partition: expect.any(String), seq: expect.any(Number) } },
    });
  }
  // The Cognito subs of user-pool-calls.json are Restricted: pseudonyms only.
  const text = records.map((r) => JSON.stringify(r)).join('\n');
  for (const sub of [
    '63c64b26-94e5-4788-ae45-c5f838ba5644',
    'f838a16f-0743-4a83-900d-1d3d7e9b7a99',
    '06244738-10bd-4e26-834a-57d2aaa6df20',
  ]) {
    expect(text).not.toContain(sub);
  }
});

test('the malformed telemetry batch is quarantined with its reason, and counted', () => {
  const quarantined = lines('quarantine.jsonl');
  const telemetry = quarantined.filter((q) => q.component === 'app-telemetry');
  expect(telemetry.map((q) => q.eventId)).toEqual(['0155c2df-3884-4513-a9d6-b81eb63eba3b']);
  // The two faults put into that batch on purpose (events/samples/README.md).
  expect(String(telemetry[0]!.reason)).toMatch(/^detail\.app\.version: .+; detail\.events\.1\.name: /);
  expect(summary.deadLetters).toEqual([]);
  expect(summary.failedInvocations).toEqual([]);
});

test('the samples README is the one file left out, and the summary says so', () => {
  expect(summary.skipped).toEqual([
    { path: join(REPO_ROOT, 'events', 'samples', 'README.md'), reason: expect.stringMatching(/^skipped: not JSON /) },
  ]);
});

test("summary.json is written with the contract's fields", () => {
  const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ReplaySummary;
  expect(written).toMatchObject({
    events: summary.events,
    telemetry: summary.telemetry,
    findings: summary.findings,
    byDetection: summary.byDetection,
  });
  expect(written.events).toEqual(EXPECTED.events);
});

test("the model-quality finding takes its numbers from the run's own statistics.json and the baseline's constraints", () => {
  const [quality] = (lines('findings.jsonl') as unknown as Finding[]).filter((f) => f.detection === 'model-quality-degraded');
  expect(quality!.evidence).toMatchObject({
    metric: 'auc',
    value: 0.7912,
    standardDeviation: 0.0113,
    threshold: 0.85,
    problemType: 'binary_classification',
    valuesFrom: 'statistics.json',
  });
});
