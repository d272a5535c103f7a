import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/**
 * OpsGenie down for longer than the sink's own retries: the router's invocation fails, Lambda's
 * retry delivers the page, and the SIEM record (delivered the first time) is not sent again.
 */
const FAILURES = 5; // the first request and the sink's 4 retries
let server: http.Server;
const received: Array<{ status: number; alias: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = received.length < FAILURES ? 503 : 202;
      received.push({ status, alias: (JSON.parse(body) as { alias: string }).alias });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 202 ? { result: 'Request will be processed', took: 0.01, requestId: 'r' } : { message: 'down' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a page that fails every sink retry is delivered by the invocation retry; the SIEM gets the finding once', async () => {
  const siem: unknown[] = [];
  const { port } = server.address() as AddressInfo;
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({ opsgenie: { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'test-key' } }),
    onDelivery: (sink, request) => {
      if (sink === 'siem') siem.push(request.body);
    },
  });
  try {
    runtime.deliver(
      cloudTrailEvent(
        { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'org-trail' } },
        { id: 'stop-retry' },
      ),
      'default',
    );
    await runtime.drain();
    expect(received.map((r) => r.status)).toEqual([...Array(FAILURES).fill(503), 202]);
    expect(new Set(received.map((r) => r.alias)).size).toBe(1);
    // The finding once, and the audit trail's record of the StopLogging (through the same router and sink).
    const classes = siem.map((body) => (body as { event: { class_uid: number } }).event.class_uid);
    expect(classes.sort()).toEqual([2004, 6003]);
    // The finding's invocation, its retry, and one for the audit record.
    expect(runtime.stats.invocations.alertRouter).toBe(3);
    expect(runtime.stats.failedInvocations).toEqual([]);
  } finally {
    await runtime.close();
  }
}, 60_000);
