import { CaptureOpsGenieSink, CaptureSiemSink } from '../../../shared/alerts';
import type { Finding, Severity } from '../../../shared/findings';
import { AlertRouter } from '../../../shared/routing';
import { sampleFinding } from '../alerts/sampleFinding';

function routerWith(options: { pageAtOrAbove?: Severity; flavour?: 'opsgenie' | 'jsm'; baseUrl?: string } = {}) {
  const pages: Array<{ url: string; body: { priority: string; alias: string } }> = [];
  const records: Array<{ class_uid: number; finding_info: { uid: string } }> = [];
  const router = new AlertRouter({
    opsgenie: new CaptureOpsGenieSink((line) => void pages.push(line as (typeof pages)[number])),
    siem: new CaptureSiemSink((line) => void records.push(line as (typeof records)[number])),
    stage: 'test',
    opsgenieBaseUrl: options.baseUrl ?? 'https://api.eu.opsgenie.com',
    opsgenieFlavour: options.flavour ?? 'opsgenie',
    pageAtOrAbove: options.pageAtOrAbove ?? 'high',
    productVersion: '0.1.0',
  });
  return { router, pages, records };
}

const finding = (severity: Severity): Finding => ({ ...sampleFinding(), severity });

test.each([
  ['critical', true, 'P1'],
  ['high', true, 'P2'],
  ['medium', false, undefined],
  ['low', false, undefined],
  ['info', false, undefined],
] as const)('a %s finding pages: %s; it always reaches the SIEM', async (severity, paged, priority) => {
  const { router, pages, records } = routerWith();
  const f = finding(severity);
  expect(await router.page(f)).toEqual({ paged });
  expect(await router.forward(f)).toEqual({ forwarded: 1 });
  expect(pages.map((p) => p.body.priority)).toEqual(priority ? [priority] : []);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ class_uid: 2004, finding_info: { uid: f.id } });
});

test('the paging threshold is configurable per stage', async () => {
  const { router, pages } = routerWith({ pageAtOrAbove: 'critical' });
  await router.page(finding('high'));
  await router.page(finding('critical'));
  expect(pages.map((p) => p.body.priority)).toEqual(['P1']);
});

test('OpsGenie requests go to the configured instance; Jira Service Management ops takes its own path', async () => {
  const eu = routerWith();
  await eu.router.page(finding('high'));
  expect(eu.pages[0].url).toBe('https://api.eu.opsgenie.com/v2/alerts');
  const jsm = routerWith({ flavour: 'jsm', baseUrl: 'https://api.atlassian.com' });
  await jsm.router.page(finding('high'));
  expect(jsm.pages[0].url).toBe('https://api.atlassian.com/jsm/ops/integration/v2/alerts');
  expect(jsm.pages[0].body).toEqual(eu.pages[0].body);
});

test('page and forward hand the caller’s time budget to the sinks', async () => {
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
  await router.page(finding('critical'), budget);
  await router.forward(finding('critical'), budget);
  await router.forward(finding('low'));
  expect(seen).toEqual([budget, budget, {}]);
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
