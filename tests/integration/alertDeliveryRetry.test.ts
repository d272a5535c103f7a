import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/**
 * OpsGenie down for longer than the sink's own retries: the page waits in the outbox (the invocation
 * succeeds), the scheduled drain delivers it on event time and reads its outcome, and the SIEM record is sent once.
 */
const FAILURES = 5; // the first request and the sink's 4 retries
let server: http.Server;
const received: Array<{ status: number; alias: string }> = [];
let lookups = 0;
let statusReads = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // The heartbeat function pings the same OpsGenie on event time: answered, not counted as an alert request.
      if (/\/v2\/heartbeats\/[^/]+\/ping/.test(req.url ?? '')) {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: 'PONG - Heartbeat received', took: 0.01, requestId: 'ping' }));
        return;
      }
      // The drain's resend of a create looks its alias up first: no alert has it (the create never got through).
      if (req.method === 'GET' && /\/v2\/alerts\/[^/]+\?identifierType=alias$/.test(req.url ?? '')) {
        lookups += 1;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Alert with the given alias does not exist', took: 0.01, requestId: 'get' }));
        return;
      }
      // The drain reads the outcome of the create OpsGenie accepted: processed.
      if (req.method === 'GET' && req.url === '/v2/alerts/requests/r') {
        statusReads += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            data: { success: true, isSuccess: true, action: 'Create', status: 'Created alert' },
            took: 0.01,
            requestId: 'read',
          }),
        );
        return;
      }
      const status = received.length < FAILURES ? 503 : 202;
      received.push({ status, alias: (JSON.parse(body) as { alias: string }).alias });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 202 ? { result: 'Request will be processed', took: 0.01, requestId: 'r' } : { message: 'down' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a page that fails every sink retry waits in the outbox and the drain delivers it; the SIEM gets the finding once', async () => {
  const siem: unknown[] = [];
  const { port } = server.address() as AddressInfo;
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({ opsgenie: { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'test-key' } }),
    onDelivery: (sink, request) => {
      if (sink === 'siem') siem.push(request.body);
    },
  });
  try {
    const event = cloudTrailEvent(
      { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'org-trail' } },
      { id: 'stop-retry' },
    );
    await runtime.tick(new Date(event.time));
    runtime.deliver(event, 'default');
    await runtime.drain();
    expect(received.map((r) => r.status)).toEqual(Array(FAILURES).fill(503));
    const waiting = (await runtime.deliveryLedger()).outbox;
    expect(waiting.map((e) => [e.sink, e.operation, e.attempts, e.status])).toEqual([['opsgenie', 'create', FAILURES, 'waiting']]);
    expect(waiting[0]!.reason).toContain('503');

    // Event time moves on: the drain (every 5 minutes) resends the create as it was built.
    await runtime.tick(new Date(Date.parse(event.time) + 6 * 60_000));
    expect(received.map((r) => r.status)).toEqual([...Array(FAILURES).fill(503), 202]);
    expect(new Set(received.map((r) => r.alias)).size).toBe(1);
    expect(lookups).toBe(1);
    const after = await runtime.deliveryLedger();
    expect(after.outbox).toEqual([]);
    // Accepted, then confirmed through the request-status API on the same run: nothing waits for a check.
    expect(statusReads).toBe(1);
    expect(after.checking).toEqual([]);
    expect(after.sent).toEqual({ opsgenie: 1, siem: 1 });
    // The finding once, and the audit trail's record of the StopLogging (through the same router and sink).
    const classes = siem.map((body) => (body as { event: { class_uid: number } }).event.class_uid);
    expect(classes.sort()).toEqual([2004, 6003]);
    // The finding's invocation and one for the audit record: no invocation failed, none was retried.
    expect(runtime.stats.invocations.alertRouter).toBe(2);
    expect(runtime.stats.scheduledRuns.outboxDrain).toBeGreaterThanOrEqual(1);
    expect(runtime.stats.failedInvocations).toEqual([]);
  } finally {
    await runtime.close();
  }
}, 60_000);
