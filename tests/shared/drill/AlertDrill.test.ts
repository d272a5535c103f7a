import {
  CaptureOpsGenieSink,
  CaptureSiemSink,
  toOcsfDetectionFinding,
  toOpsGenieCreateAlert,
  type OpsGenieRequestStatus,
} from '../../../shared/alerts';
import {
  AlertDrill,
  DRILL_SOURCE,
  InMemoryDrillStore,
  allDrillTargets,
  drillFinding,
  drillReceipt,
  drillTargets,
  isDrill,
  renderDrillTable,
  drillReport,
  UnknownDrillDetectionError,
  type DrillOpsGenie,
} from '../../../shared/drill';
import type { FindingPublisher } from '../../../shared/findings/FindingPublisher';
import type { Finding } from '../../../shared/findings';
import { InMemoryOutboxStore } from '../../../shared/outbox';
import { AlertRouter, InMemoryRouterStateStore, parseRoutingConfig } from '../../../shared/routing';
import { TUNABLE_DETECTIONS } from '../../../shared/detections/relayed';
import { ocsfErrors } from '../../helpers/ocsfValidator';
import { sampleFinding } from '../alerts/sampleFinding';

const AT = Date.parse('2026-12-02T06:00:00Z');
const WHERE = { account: '123456789012', region: 'eu-west-1' };

interface Page {
  url: string;
  body: { alias?: string; tags?: string[]; message?: string; description?: string; details?: Record<string, string> };
}

/** A router as the alert-router function builds it, with capture sinks; `publish` routes as the bus would and writes receipts. */
function pipeline(options: { routing?: unknown; status?: (id: string) => OpsGenieRequestStatus; routeDrills?: boolean } = {}) {
  const pages: Page[] = [];
  const records: Array<Record<string, unknown>> = [];
  const state = new InMemoryRouterStateStore();
  let n = 0;
  const opsgenieSink = new CaptureOpsGenieSink((line) => void pages.push(line as Page));
  // The capture sink gives no requestId; a stage's OpsGenie does: give each page one.
  const opsgenie = {
    name: 'opsgenie',
    deliver: async (r: Parameters<typeof opsgenieSink.deliver>[0]) => ({ ...(await opsgenieSink.deliver(r)), requestId: `req-${++n}` }),
  };
  const router = new AlertRouter({
    opsgenie,
    siem: new CaptureSiemSink((line) => void records.push(line as Record<string, unknown>)),
    stage: 'test',
    opsgenieBaseUrl: 'https://api.opsgenie.com',
    opsgenieFlavour: 'opsgenie',
    pageAtOrAbove: 'high',
    productVersion: '0.1.0',
    routing: parseRoutingConfig(options.routing ?? {}),
    state,
    outbox: new InMemoryOutboxStore(),
  });
  const store = new InMemoryDrillStore();
  const publisher = {
    publish: async (findings: Finding[]) => {
      if (options.routeDrills === false) return;
      for (const f of findings) {
        const receipt = drillReceipt(f, await router.route(f), { siemAck: true, now: AT + 100 });
        if (receipt) await store.putReceipt(receipt);
      }
    },
  } as unknown as FindingPublisher;
  const closed: string[] = [];
  const drillOpsGenie: DrillOpsGenie = {
    getRequestStatus: async (id) =>
      options.status?.(id) ?? { state: 'processed', requestId: id, success: true, status: 'Created alert', attempts: 1 },
    closeAlert: async (alias) => void closed.push(alias),
  };
  const closeRecords: Array<Record<string, unknown>> = [];
  const drill = new AlertDrill({
    stage: 'test',
    ...WHERE,
    pageAtOrAbove: 'high',
    productVersion: '0.1.0',
    publisher,
    store,
    opsgenie: drillOpsGenie,
    siem: new CaptureSiemSink((line) => void closeRecords.push(line as Record<string, unknown>)),
    now: () => AT,
    sleep: async () => undefined,
  });
  return { router, drill, store, pages, records, closed, closeRecords, state };
}

const targets = (...ids: string[]) => drillTargets(ids);

describe('drill findings', () => {
  test('cover every tunable detection and the pipeline ones, each with its runbook', () => {
    const ids = allDrillTargets().map((t) => t.id);
    expect(ids).toEqual([...TUNABLE_DETECTIONS.map((d) => d.definition.id), 'pipeline-delivery-failures', 'pipeline-drill-failed']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('an unknown detection is refused, not skipped', () => {
    expect(() => drillTargets(['root-console-login', 'no-such'])).toThrow(UnknownDrillDetectionError);
  });

  test('are marked in the title, source and evidence, in the OpsGenie tags and in the OCSF record, which validates', () => {
    const [target] = targets('root-console-login');
    const f = drillFinding(target!, { runId: 'drill-1', at: AT }, WHERE);
    expect(isDrill(f)).toBe(true);
    expect(isDrill(sampleFinding())).toBe(false);
    expect(f).toMatchObject({ source: DRILL_SOURCE, title: expect.stringMatching(/^\[DRILL\] /), severity: target!.severity });
    expect(toOpsGenieCreateAlert(f, { stage: 'test' }).tags).toContain('drill');
    expect(toOpsGenieCreateAlert(sampleFinding(), { stage: 'test' }).tags).not.toContain('drill');
    const record = toOcsfDetectionFinding(f, { productVersion: '0.1.0', stage: 'test' });
    expect(record.metadata.labels).toContain('drill');
    expect(record.unmapped.drill).toBe('drill-1');
    expect(ocsfErrors(record)).toEqual([]);
    expect(toOcsfDetectionFinding(sampleFinding(), { productVersion: '0.1.0', stage: 'test' }).metadata.labels).not.toContain('drill');
  });

  test('a run makes new findings (fresh ids and aliases); the same run and time make the same one', () => {
    const [t] = targets('root-console-login');
    const a = drillFinding(t!, { runId: 'drill-1', at: AT }, WHERE);
    expect(drillFinding(t!, { runId: 'drill-1', at: AT }, WHERE).id).toBe(a.id);
    expect(drillFinding(t!, { runId: 'drill-2', at: AT }, WHERE).id).not.toBe(a.id);
  });
});

describe('AlertDrill', () => {
  test('routes through the router, verifies each sink, closes what it opened and records the run', async () => {
    const { drill, store, pages, closed, closeRecords } = pipeline();
    const run = await drill.start(targets('root-console-login', 'guardduty-finding'), AT);
    const rows = await drill.close(run, await drill.verify(run));
    expect(rows.map((r) => [r.detection, r.opsgenie, r.siem, r.verdict])).toEqual([
      ['root-console-login', 'created alert', 'indexed (ack)', 'pass'],
      ['guardduty-finding', 'not paged (low)', 'indexed (ack)', 'pass'],
    ]);
    expect(rows[0]!.latencyMs).toBe(100);
    expect(pages).toHaveLength(1);
    expect(closed).toEqual([pages[0]!.body.alias]);
    expect(closeRecords.map((r) => [r.activity_name, (r.finding_info as { uid: string }).uid])).toEqual(
      run.items.map((i) => ['Close', i.findingId]),
    );
    const done = await drill.finish(run, rows, AT + 1000);
    expect(await store.latestRun()).toEqual(done);
    expect(done.verdict).toBe('pass');
    expect(renderDrillTable(drillReport(done, rows))).toMatch(/root-console-login\s+created alert\s+indexed \(ack\)\s+100 ms\s+PASS/);
  });

  test('fails a detection the router never routed, and one whose OpsGenie request failed or is still pending', async () => {
    const unrouted = pipeline({ routeDrills: false });
    const run = await unrouted.drill.start(targets('root-console-login'), AT);
    expect((await unrouted.drill.verify(run, { polls: 2 }))[0]).toMatchObject({ opsgenie: 'no receipt', verdict: 'fail' });

    const refused = pipeline({
      status: (id) => ({ state: 'processed', requestId: id, success: false, status: 'Integration is disabled', attempts: 1 }),
    });
    const r2 = await refused.drill.start(targets('root-console-login'), AT);
    const [row] = await refused.drill.verify(r2);
    expect(row).toMatchObject({ opsgenie: 'failed', verdict: 'fail' });
    expect(row!.problems.join()).toContain('Integration is disabled');

    const pending = pipeline({ status: (id) => ({ state: 'pending', requestId: id, attempts: 1 }) });
    const r3 = await pending.drill.start(targets('root-console-login'), AT);
    expect((await pending.drill.verify(r3, { polls: 1 }))[0]).toMatchObject({ opsgenie: 'pending', verdict: 'fail' });
  });

  test('drills page inside a suppression window and leave no counter: a real finding after them still pages as its own alert', async () => {
    const window = { start: '2026-12-02T00:00:00Z', end: '2026-12-02T06:30:00Z', reason: 'noisy' };
    const { drill, router, pages } = pipeline({
      routing: { suppressions: [window], maxPagesPerDetectionPerHour: 1, flapping: { maxPages: 1, windowMinutes: 60 } },
    });
    for (let i = 0; i < 3; i += 1) {
      const run = await drill.start(targets('root-console-login'), AT + i);
      expect((await drill.verify(run))[0]!.verdict).toBe('pass');
    }
    expect(pages).toHaveLength(3);
    // After the window, in the drills' event-time hour: the hourly cap of 1 is untouched by the three drills.
    const real = sampleFinding({ detection: 'root-console-login', severity: 'critical', lastSeen: '2026-12-02T06:40:00Z' });
    const result = await router.route(real);
    expect(result.route.kind).toBe('create');
    const second = await router.route({ ...real, id: 'b'.repeat(32), subject: 'other' });
    expect(second.route).toMatchObject({ kind: 'fold', why: 'throttled' });
  });

  test('a drill of a detection below the paging threshold that paged anyway fails', async () => {
    const { drill, store } = pipeline();
    const run = await drill.start(targets('guardduty-finding'), AT);
    const receipt = (await store.receipts([run.items[0]!.findingId])).get(run.items[0]!.findingId)!;
    await store.putReceipt({ ...receipt, opsgenie: { outcome: 'sent', requestId: 'x' } });
    expect((await drill.verify(run))[0]).toMatchObject({ verdict: 'fail', opsgenie: 'unexpected sent' });
  });
});
