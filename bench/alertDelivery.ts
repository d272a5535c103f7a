import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpsGenieStandIn } from '../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../infra/local/runtime/localConfig';
import {
  CaptureOpsGenieSink,
  CaptureSiemSink,
  createAlertRequest,
  toOcsfDetectionFinding,
  type OcsfRecord,
  type OpsGenieRequest,
} from '../shared/alerts';
import type { EventBridgeEvent } from '../shared/events/envelope';
import type { Finding } from '../shared/findings';
import { AlertRouter, parseRoutingConfig } from '../shared/routing';
import { median, timePerCall, type Figure } from './harness';

/** New findings paged through the embedded runtime (figure 1), and routed in process per round (figure 2). */
const PAGED_FINDINGS = 300;
const ROUTED_FINDINGS = 2_000;
const ROUNDS = 5;
const KEY = 'bench-opsgenie-key';
const START = Date.parse('2026-10-09T08:00:00.000Z');

/** Distinct findings (detections, subjects, ids), high severity: each is a new finding that pages. */
function finding(n: number, round = 0): Finding {
  const time = new Date(START + n * 1000).toISOString();
  return {
    id: `${round.toString(16).padStart(4, '0')}${n.toString(16).padStart(28, '0')}`,
    detection: `bench-delivery-${n % 10}`,
    severity: n % 4 === 0 ? 'critical' : 'high',
    title: `Bench delivery finding ${n}`,
    description: 'A finding of the alert delivery benchmark.',
    subject: `arn:aws:iam::111122223333:role/bench-${n}`,
    dedupKey: `bench-${n}`,
    window: { start: time, end: time },
    firstSeen: time,
    lastSeen: time,
    count: 1,
    eventIds: [`bench-event-${n}`],
    mitre: ['T1562.008'],
    runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
    source: 'aws.cloudtrail',
    account: '111122223333',
    region: 'eu-west-1',
    resources: [],
    evidence: { eventName: 'StopLogging' },
  };
}

function findingEvent(f: Finding): EventBridgeEvent {
  return {
    version: '0',
    id: `bench-finding-${f.id}`,
    'detail-type': 'Vigil Finding',
    source: 'vigil.findings',
    account: f.account,
    time: f.lastSeen,
    region: f.region,
    resources: [],
    detail: f,
  } as EventBridgeEvent;
}

/** The OpsGenie stand-in on a loopback port, counting what it is asked, by kind. */
async function countingOpsGenie() {
  const standIn = new OpsGenieStandIn({ apiKey: KEY });
  const counts = { alertWrites: 0, statusReads: 0, alertReads: 0, heartbeatPings: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path.startsWith('/v2/heartbeats/')) counts.heartbeatPings += 1;
      else if (path.startsWith('/v2/alerts/requests/')) counts.statusReads += 1;
      else if (req.method === 'GET') counts.alertReads += 1;
      else counts.alertWrites += 1;
      const answer = standIn.handle({ method: req.method ?? 'GET', path, headers: req.headers, text: Buffer.concat(chunks).toString() });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    standIn,
    counts,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * HTTP requests to OpsGenie per new finding when healthy: new findings replayed through the embedded
 * runtime (the alert-router function at its reserved concurrency, the real OpsGenie client) against the
 * stand-in, over an hour of event time so the heartbeat pings too. A count, no baseline; the pings and any
 * reads are counted apart (in the note), since they do not grow with findings.
 */
async function requestsPerNewFinding(): Promise<{ figures: Figure[]; note: string; routedPerSecond: number }> {
  const og = await countingOpsGenie();
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({ opsgenie: { baseUrl: og.url, apiKey: KEY }, routing: { maxPagesPerDetectionPerHour: 1000 } }),
  });
  try {
    const findings = Array.from({ length: PAGED_FINDINGS }, (_, n) => finding(n));
    await runtime.tick(new Date(START));
    const started = process.hrtime.bigint();
    for (const f of findings) runtime.deliver(findingEvent(f), 'vigil');
    await runtime.drain();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await runtime.tick(new Date(START + 3_600_000));
    if (og.standIn.alerts.length !== PAGED_FINDINGS) {
      throw new Error(`alert delivery bench: ${og.standIn.alerts.length} alerts opened for ${PAGED_FINDINGS} new findings`);
    }
    const { alertWrites, statusReads, alertReads, heartbeatPings } = og.counts;
    const unchecked = (await runtime.deliveryLedger()).checking.length;
    return {
      figures: [
        {
          name: `OpsGenie HTTP requests per new finding when healthy (${PAGED_FINDINGS} paging findings through the embedded runtime)`,
          value: Math.round((alertWrites / PAGED_FINDINGS) * 1000) / 1000,
          unit: 'requests/finding',
          baseline: 'none: a count (alert API writes the stand-in received; heartbeat pings and reads apart)',
          target: { op: '<=', value: 1 },
        },
        {
          // Apart from the writes: the outbox drain's check of each accepted request, minutes later, off the paging path.
          name: `OpsGenie request-status reads per new finding (the outbox drain confirming each accepted create; ${unchecked} unread)`,
          value: Math.round((statusReads / PAGED_FINDINGS) * 1000) / 1000,
          unit: 'reads/finding',
          baseline: 'none: a count (GET /v2/alerts/requests/{requestId} the stand-in received)',
          target: { op: '<=', value: 1 },
        },
      ],
      note:
        `OpsGenie: ${PAGED_FINDINGS} new findings, ${alertWrites} alert writes, ${statusReads} request-status reads, ` +
        `${alertReads} other reads, ` +
        `${heartbeatPings} heartbeat pings over an hour of event time; routed end to end (DynamoDB state on dynalite, HTTP) ` +
        `at ${Math.round(PAGED_FINDINGS / seconds)} findings/s.`,
      routedPerSecond: PAGED_FINDINGS / seconds,
    };
  } finally {
    await runtime.close();
    await og.close();
  }
}

/**
 * Findings routed per second through the real AlertRouter (policy, route state, body building, both sinks)
 * relative to the capture sinks' raw rate: the same findings' create request and OCSF record, built
 * beforehand, handed to the same capture sinks directly. In-memory state: what the router itself costs,
 * apart from DynamoDB (dynalite is no measure of DynamoDB; the note gives the end-to-end rate).
 */
async function routedPerSecondRatio(): Promise<{ figure: Figure; rawPerSecond: number; routerPerSecond: number }> {
  const lines: object[] = [];
  const record = (line: object) => void lines.push(line);
  const opsgenie = new CaptureOpsGenieSink(record);
  const siem = new CaptureSiemSink(record);
  const routing = parseRoutingConfig({ maxPagesPerDetectionPerHour: 1000 });
  const options = {
    stage: 'bench',
    opsgenieBaseUrl: 'https://api.opsgenie.com',
    opsgenieFlavour: 'opsgenie' as const,
    pageAtOrAbove: 'high' as const,
    productVersion: '0.0.0-bench',
  };
  const prebuilt = (round: number) =>
    Array.from({ length: ROUTED_FINDINGS }, (_, n) => {
      const f = finding(n, round);
      const page: OpsGenieRequest = createAlertRequest(f, { stage: options.stage });
      const ocsf: OcsfRecord[] = [toOcsfDetectionFinding(f, { productVersion: options.productVersion, stage: options.stage })];
      return { page, ocsf };
    });
  const routeRound = async (round: number) => {
    // A fresh router (fresh state) each round: every finding is a new one, as in the first figure.
    const router = new AlertRouter({ ...options, opsgenie, siem, routing });
    const findings = Array.from({ length: ROUTED_FINDINGS }, (_, n) => finding(n, round));
    lines.length = 0;
    return timePerCall(() => router.route(findings.shift()!), ROUTED_FINDINGS);
  };
  const rawRound = async (round: number) => {
    const deliveries = prebuilt(round);
    lines.length = 0;
    return timePerCall(async () => {
      const { page, ocsf } = deliveries.shift()!;
      await Promise.all([opsgenie.deliver(page), siem.deliver(ocsf)]);
    }, ROUTED_FINDINGS);
  };
  await routeRound(0);
  await rawRound(0);
  const ratios: number[] = [];
  const routerNs: number[] = [];
  const rawNs: number[] = [];
  for (let r = 1; r <= ROUNDS; r += 1) {
    const raw = await rawRound(r);
    const routed = await routeRound(r);
    rawNs.push(raw);
    routerNs.push(routed);
    ratios.push(raw / routed);
  }
  return {
    figure: {
      name: `findings routed per second through the AlertRouter (in-memory state, capture sinks), vs the capture sinks' raw rate`,
      value: Math.round(median(ratios) * 1000) / 1000,
      unit: 'ratio',
      baseline: 'the same findings, bodies built beforehand, handed to the capture sinks directly',
      target: { op: '>=', value: 0.2 },
    },
    rawPerSecond: 1e9 / median(rawNs),
    routerPerSecond: 1e9 / median(routerNs),
  };
}

/** The alert delivery figures of `npm run bench`. */
export async function alertDeliveryFigures(): Promise<{ figures: Figure[]; notes: string[] }> {
  const requests = await requestsPerNewFinding();
  const routed = await routedPerSecondRatio();
  return {
    figures: [...requests.figures, routed.figure],
    notes: [
      requests.note,
      `Router: ${Math.round(routed.routerPerSecond)} findings/s in process vs ${Math.round(routed.rawPerSecond)}/s raw into ` +
        `the capture sinks; end to end through the embedded runtime ${Math.round(requests.routedPerSecond)}/s ` +
        `(${Math.round((requests.routedPerSecond / routed.rawPerSecond) * 10_000) / 10_000} of the raw rate).`,
    ],
  };
}

/** `npx tsx bench/alertDelivery.ts`: this case alone. */
if (require.main === module) {
  alertDeliveryFigures().then(
    ({ figures, notes }) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n${notes.join('\n')}\n`),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
