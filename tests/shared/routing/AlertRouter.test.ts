import { CaptureOpsGenieSink, CaptureSiemSink, RetryableDeliveryError, type OpsGenieSink } from '../../../shared/alerts';
import type { Finding, Severity } from '../../../shared/findings';
import { InMemoryOutboxStore } from '../../../shared/outbox';
import { AlertRouter, InMemoryRouterStateStore, parseRoutingConfig, type RoutingConfig } from '../../../shared/routing';
import { sampleFinding } from '../alerts/sampleFinding';

interface Page {
  url: string;
  body: { priority?: string; alias?: string; note?: string; responders?: unknown[]; tags?: string[]; message?: string };
}

function routerWith(options: { pageAtOrAbove?: Severity; flavour?: 'opsgenie' | 'jsm'; baseUrl?: string; routing?: unknown } = {}) {
  const pages: Page[] = [];
  const records: Array<{ class_uid: number; activity_name: string; finding_info: { uid: string }; metadata: { uid: string } }> = [];
  const state = new InMemoryRouterStateStore();
  const outbox = new InMemoryOutboxStore();
  const router = new AlertRouter({
    opsgenie: new CaptureOpsGenieSink((line) => void pages.push(line as Page)),
    siem: new CaptureSiemSink((line) => void records.push(line as (typeof records)[number])),
    stage: 'test',
    opsgenieBaseUrl: options.baseUrl ?? 'https://api.eu.opsgenie.com',
    opsgenieFlavour: options.flavour ?? 'opsgenie',
    pageAtOrAbove: options.pageAtOrAbove ?? 'high',
    productVersion: '0.1.0',
    routing: parseRoutingConfig(options.routing ?? {}),
    state,
    outbox,
  });
  return { router, pages, records, state, outbox };
}

const finding = (severity: Severity, overrides: Partial<Finding> = {}): Finding => ({ ...sampleFinding(), severity, ...overrides });
const at = (iso: string) => ({ lastSeen: iso });
/** A distinct finding of the same detection and subject. */
const other = (n: number, overrides: Partial<Finding> = {}) => finding('high', { id: n.toString(16).padStart(32, '0'), ...overrides });

test.each([
  ['critical', true, 'P1'],
  ['high', true, 'P2'],
  ['medium', false, undefined],
  ['low', false, undefined],
  ['info', false, undefined],
] as const)('a %s finding pages: %s; it always reaches the SIEM', async (severity, paged, priority) => {
  const { router, pages, records } = routerWith();
  const f = finding(severity);
  const result = await router.route(f);
  expect(result.occurrence).toBe('first');
  expect(result.route.kind).toBe(paged ? 'create' : 'none');
  expect(pages.map((p) => p.body.priority)).toEqual(priority ? [priority] : []);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ class_uid: 2004, activity_name: 'Create', finding_info: { uid: f.id } });
});

test('the paging threshold is configurable per stage', async () => {
  const { router, pages } = routerWith({ pageAtOrAbove: 'critical' });
  await router.route(finding('high'));
  await router.route(finding('critical', { id: 'a'.repeat(32) }));
  expect(pages.map((p) => p.body.priority)).toEqual(['P1']);
});

test('OpsGenie requests go to the configured instance; Jira Service Management ops takes its own path', async () => {
  const eu = routerWith();
  await eu.router.route(finding('high'));
  expect(eu.pages[0]!.url).toBe('https://api.eu.opsgenie.com/v2/alerts');
  const jsm = routerWith({ flavour: 'jsm', baseUrl: 'https://api.atlassian.com' });
  await jsm.router.route(finding('high'));
  expect(jsm.pages[0]!.url).toBe('https://api.atlassian.com/jsm/ops/integration/v2/alerts');
  expect(jsm.pages[0]!.body).toEqual(eu.pages[0]!.body);
});

test('route hands the caller’s time budget to the sinks', async () => {
  const seen: unknown[] = [];
  const sink = {
    name: 'spy',
    deliver: async (_request: unknown, options?: unknown) => {
      seen.push(options);
      return { sink: 'spy', delivered: 1, attempts: 1 };
    },
  };
  const router = new AlertRouter({
    opsgenie: sink,
    siem: sink,
    stage: 'test',
    opsgenieBaseUrl: 'https://api.opsgenie.com',
    opsgenieFlavour: 'opsgenie',
    pageAtOrAbove: 'high',
    productVersion: '0.1.0',
  });
  const budget = { signal: new AbortController().signal, deadline: Date.now() + 1000 };
  await router.route(finding('critical'), budget);
  expect(seen).toEqual([budget, budget]);
});

test('priorities, team, responders and tags come from the routing configuration, per detection too', async () => {
  const routing = {
    priorities: { high: 'P1' },
    team: 'secops',
    responders: [{ type: 'schedule', name: 'secops-primary' }],
    tags: ['routing:default'],
    detections: { 'cloudtrail-stopped-or-deleted': { team: 'platform', tags: ['logging'] } },
  };
  const { router, pages } = routerWith({ routing });
  await router.route(finding('high'));
  expect(pages[0]!.body.priority).toBe('P1');
  expect(pages[0]!.body.responders).toEqual([
    { type: 'team', name: 'platform' },
    { type: 'schedule', name: 'secops-primary' },
  ]);
  expect(pages[0]!.body.tags).toEqual(expect.arrayContaining(['routing:default', 'logging']));
});

test('a redelivered finding event sends nothing again', async () => {
  const { router, pages, records } = routerWith();
  await router.route(finding('critical'));
  expect((await router.route(finding('critical'))).occurrence).toBe('quiet');
  expect(pages).toHaveLength(1);
  expect(records).toHaveLength(1);
});

test('later occurrences add a note with the new count and an OCSF Update, at most once per interval, never a second page', async () => {
  const { router, pages, records } = routerWith({ routing: { updateIntervalMinutes: 15 } });
  await router.route(finding('critical', { count: 2, ...at('2026-10-09T08:00:00.000Z') }));
  // Inside the interval: nothing; past it: one update; an out-of-order older count: nothing.
  expect((await router.route(finding('critical', { count: 3, ...at('2026-10-09T08:05:00.000Z') }))).occurrence).toBe('quiet');
  expect((await router.route(finding('critical', { count: 5, ...at('2026-10-09T08:16:00.000Z') }))).occurrence).toBe('update');
  expect((await router.route(finding('critical', { count: 4, ...at('2026-10-09T08:40:00.000Z') }))).occurrence).toBe('quiet');
  expect(pages.map((p) => p.url.split('/').pop())).toEqual(['alerts', 'notes?identifierType=alias']);
  expect(pages[1]!.body.note).toContain('5 occurrences');
  expect(pages[1]!.url).toContain(encodeURIComponent(pages[0]!.body.alias!));
  expect(records.map((r) => r.activity_name)).toEqual(['Create', 'Update']);
  expect(new Set(records.map((r) => r.metadata.uid)).size).toBe(2);
});

test('suppression and maintenance windows (event time, per detection and subject) keep a finding to the SIEM', async () => {
  const f = finding('critical');
  const routing = {
    suppressions: [{ start: '2026-10-09T07:00:00Z', end: '2026-10-09T09:00:00Z', subject: f.subject, reason: 'known CI job' }],
    maintenance: [{ start: '2026-10-10T00:00:00Z', end: '2026-10-10T02:00:00Z', detections: [f.detection], reason: 'trail migration' }],
  };
  const { router, pages, records } = routerWith({ routing });
  expect((await router.route(f)).route).toEqual({ kind: 'none', reason: 'suppressed: known CI job' });
  expect((await router.route(other(1, { subject: 'someone-else', ...at('2026-10-10T01:00:00Z') }))).route).toEqual({
    kind: 'none',
    reason: 'maintenance: trail migration',
  });
  // Outside both windows it pages.
  expect((await router.route(other(2, { subject: 'someone-else', ...at('2026-10-10T03:00:00Z') }))).route.kind).toBe('create');
  expect(pages).toHaveLength(1);
  expect(records).toHaveLength(3);
});

test('a detection over its hourly cap folds further findings into one summary alert that lists them', async () => {
  const { router, pages } = routerWith({ routing: { maxPagesPerDetectionPerHour: 2, flapping: { maxPages: 100 } } });
  for (let n = 1; n <= 5; n++) await router.route(other(n, { subject: `s${n}`, ...at('2026-10-09T08:10:00.000Z') }));
  const creates = pages.filter((p) => p.url.endsWith('/v2/alerts'));
  expect(creates).toHaveLength(3); // two findings and one summary
  expect(creates[2]!.body.alias).toBe('vigil:test:summary:cloudtrail-stopped-or-deleted:20261009T0800Z');
  const notes = pages.filter((p) => p.url.includes('/notes'));
  expect(notes.map((p) => p.body.note)).toEqual([expect.stringContaining(other(4).id), expect.stringContaining(other(5).id)]);
});

test('the flapping guard stops a detection and subject from paging again and again', async () => {
  const { router, pages } = routerWith({ routing: { flapping: { maxPages: 2, windowMinutes: 60 } } });
  for (let n = 1; n <= 4; n++) await router.route(other(n, { ...at(`2026-10-09T08:1${n}:00.000Z`) }));
  const creates = pages.filter((p) => p.url.endsWith('/v2/alerts'));
  expect(creates.map((p) => p.body.alias!.split(':')[2])).toEqual([
    'cloudtrail-stopped-or-deleted',
    'cloudtrail-stopped-or-deleted',
    'flapping',
  ]);
  expect(pages.filter((p) => p.url.includes('/notes'))).toHaveLength(1);
});

test('a delivery that fails past the sink’s retries waits in the outbox; a later note queues behind it', async () => {
  const state = new InMemoryRouterStateStore();
  const outbox = new InMemoryOutboxStore();
  const down: OpsGenieSink = {
    name: 'down',
    deliver: async () => {
      throw new RetryableDeliveryError('503 after 5 attempts', { sink: 'opsgenie', attempts: 5 });
    },
  };
  const router = new AlertRouter({
    opsgenie: down,
    siem: new CaptureSiemSink(() => {}),
    stage: 'test',
    opsgenieBaseUrl: 'https://api.opsgenie.com',
    opsgenieFlavour: 'opsgenie',
    pageAtOrAbove: 'high',
    productVersion: '0.1.0',
    routing: parseRoutingConfig({ updateIntervalMinutes: 1 }) satisfies RoutingConfig,
    state,
    outbox,
  });
  const first = await router.route(finding('critical', at('2026-10-09T08:00:00.000Z')));
  expect(first.deliveries.map((d) => [d.sink, d.outcome])).toEqual([
    ['opsgenie', 'outboxed'],
    ['siem', 'sent'],
  ]);
  await router.route(finding('critical', { count: 9, ...at('2026-10-09T08:30:00.000Z') }));
  const waiting = await outbox.list('waiting');
  expect(waiting.map((e) => [e.operation, e.attempts])).toEqual([
    ['create', 5],
    ['addNote', 0],
  ]);
  expect(waiting[0]!.reason).toContain('503 after 5 attempts');
  expect((await state.get(sampleFinding().id))?.opsgenie).toBe('outboxed');
});

test('an invocation that died after claiming a finding resends on retry (the alias makes it harmless)', async () => {
  const { router, pages, state } = routerWith();
  const f = finding('critical');
  await router.route(f);
  await state.setProgress(f.id, { opsgenie: 'pending' }); // as if the process died before recording the send
  await router.route(f);
  expect(pages).toHaveLength(2);
  expect(pages[1]!.body.alias).toBe(pages[0]!.body.alias);
});

test('a resumed first delivery is a resend (the create looks its alias up first); a fresh one and an update are not', async () => {
  const resends: Array<[string, boolean]> = [];
  const recording: OpsGenieSink = {
    name: 'recording',
    deliver: async (request, options) => {
      resends.push([request.url.includes('/notes') ? 'note' : 'create', options?.resend === true]);
      return { sink: 'recording', delivered: 1, attempts: 1 };
    },
  };
  const state = new InMemoryRouterStateStore();
  const router = new AlertRouter({
    opsgenie: recording,
    siem: new CaptureSiemSink(() => {}),
    stage: 'test',
    opsgenieBaseUrl: 'https://api.opsgenie.com',
    opsgenieFlavour: 'opsgenie',
    pageAtOrAbove: 'high',
    productVersion: '0.1.0',
    routing: parseRoutingConfig({ updateIntervalMinutes: 1 }),
    state,
  });
  const f = finding('critical', at('2026-10-09T08:00:00.000Z'));
  await router.route(f);
  await state.setProgress(f.id, { opsgenie: 'pending' }); // the process died between the send and its record
  await router.route(f);
  await router.route({ ...f, count: 5, ...at('2026-10-09T08:30:00.000Z') });
  expect(resends).toEqual([
    ['create', false],
    ['create', true],
    ['note', false],
  ]);
});

test('a later occurrence routed while the first delivery is under way does not redo it: it queues behind as an update', async () => {
  const { router, pages, records, state, outbox } = routerWith({ routing: { updateIntervalMinutes: 1 } });
  const f = finding('critical', { count: 1, ...at('2026-10-09T08:00:00.000Z') });
  await router.route(f);
  await state.setProgress(f.id, { opsgenie: 'pending', siem: 'pending' }); // as if still being delivered
  const later = await router.route({ ...f, count: 4, ...at('2026-10-09T08:30:00.000Z') });
  expect(later.occurrence).toBe('update');
  expect(later.deliveries.map((d) => [d.operation, d.outcome])).toEqual([
    ['addNote', 'outboxed'],
    ['update', 'outboxed'],
  ]);
  expect(pages).toHaveLength(1);
  expect(records.map((r) => r.activity_name)).toEqual(['Create']);
  expect((await outbox.list('waiting')).map((e) => e.reason)).toEqual([expect.stringContaining('queued behind'), expect.any(String)]);
  // The occurrence it was built from resumes it, with the same bodies: the SIEM sees the same metadata.uid.
  const resumed = await router.route(f);
  expect(resumed.occurrence).toBe('first');
  expect(records.map((r) => r.activity_name)).toEqual(['Create', 'Create']);
  expect(records[1]!.metadata.uid).toBe(records[0]!.metadata.uid);
});

test('audit records go to the SIEM as built, through the same sink, and never page', async () => {
  const { router, pages, records } = routerWith();
  const audit = [
    { class_uid: 3002, time: 1795160465000, metadata: { uid: 'vigil:test:audit:e1' } },
    { class_uid: 6003, time: 1795160466000, metadata: { uid: 'vigil:test:audit:e2' } },
  ];
  expect(await router.forwardRecords(audit)).toEqual({ forwarded: 2 });
  expect(await router.forwardRecords([])).toEqual({ forwarded: 0 });
  expect(records).toEqual(audit);
  expect(pages).toEqual([]);
});

test('a bad routing configuration is refused with each problem', () => {
  expect(() => parseRoutingConfig('{"priorities":{"high":"P9"},"maintenance":[{"start":"x","end":"y"}]}')).toThrow(
    /priorities\.high[\s\S]*maintenance\.0\.start/,
  );
  expect(() => parseRoutingConfig('{nope')).toThrow('not valid JSON');
});
