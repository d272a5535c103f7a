import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpsGenieStandIn } from '../../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import { sampleFinding } from '../shared/alerts/sampleFinding';

/**
 * The one case alias deduplication does not cover: OpsGenie deduplicates a create on an *open* alias. A
 * create that reached OpsGenie but whose answer was lost (an ambiguous failure) waits in the outbox; a
 * person closes the alert it opened; the drain's resend must then not open a second alert for the finding.
 */
const KEY = 'resend-test-key';
type Mode = 'ambiguous-then-down' | 'healthy';

let standIn: OpsGenieStandIn;
let server: http.Server;
let url: string;
let mode: Mode = 'ambiguous-then-down';
const seen: string[] = [];

beforeAll(async () => {
  standIn = new OpsGenieStandIn({ apiKey: KEY });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, text: Buffer.concat(chunks).toString() };
      seen.push(`${request.method} ${request.path.split('?')[0]}`);
      const create = request.method === 'POST' && request.path === '/v2/alerts';
      if (mode === 'ambiguous-then-down' && create) {
        if (seen.filter((s) => s === 'POST /v2/alerts').length === 1) {
          standIn.handle(request); // processed: the alert opens
          req.socket.destroy(); // and the answer is lost
          return;
        }
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'unavailable' }));
        return;
      }
      const answer = standIn.handle(request);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

test('ambiguous create, closed by a person, resent by the drain: still one alert ever for the alias', async () => {
  const time = '2026-10-09T08:00:00.000Z';
  const finding = sampleFinding({ severity: 'critical', firstSeen: time, lastSeen: time });
  const event = {
    version: '0',
    id: 'resend-after-close',
    'detail-type': 'Vigil Finding',
    source: 'vigil.findings',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [],
    detail: finding,
  } as EventBridgeEvent;
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({
      opsgenie: { baseUrl: url, apiKey: KEY },
      routing: { delivery: { timeoutMs: 1_000, retries: 2, baseDelayMs: 5, maxDelayMs: 20 } },
    }),
  });
  try {
    await runtime.tick(new Date(time));
    runtime.deliver(event, 'vigil');
    await runtime.drain();
    // The create reached OpsGenie (one alert opened) but the router never heard: it waits in the outbox.
    expect(standIn.alerts).toHaveLength(1);
    const alias = standIn.alerts[0]!.alias;
    expect(alias.endsWith(finding.id)).toBe(true);
    const waiting = (await runtime.deliveryLedger()).outbox;
    expect(waiting.map((e) => [e.sink, e.operation, e.status])).toEqual([['opsgenie', 'create', 'waiting']]);

    // A person closes the alert (the OpsGenie UI or API), then OpsGenie recovers.
    const closed = standIn.handle({
      method: 'POST',
      path: `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      headers: { authorization: `GenieKey ${KEY}`, 'content-type': 'application/json' },
      text: JSON.stringify({ user: 'oncall@example.com', note: 'looked at it' }),
    });
    expect(closed.status).toBe(202);
    expect(standIn.openAlert(alias)).toBeUndefined();
    mode = 'healthy';
    const before = seen.length;

    // The drain (every 5 minutes of event time) resends: it looks the alias up, finds the closed alert, creates nothing.
    await runtime.tick(new Date(Date.parse(time) + 6 * 60_000));
    const alertRequests = seen.slice(before).filter((s) => !s.includes('/heartbeats/'));
    expect(alertRequests).toEqual([`GET /v2/alerts/${encodeURIComponent(alias)}`]);
    expect(standIn.alerts.filter((a) => a.alias === alias).map((a) => a.status)).toEqual(['closed']);
    const after = await runtime.deliveryLedger();
    expect(after.outbox).toEqual([]);
    expect(after.sent.opsgenie).toBe(1);
    expect(runtime.stats.failedInvocations).toEqual([]);
  } finally {
    await runtime.close();
  }
}, 60_000);
