import { inspect } from 'node:util';
import {
  AlertDeliveryError,
  HttpOpsGenieSink,
  PermanentDeliveryError,
  RetryableDeliveryError,
  createAlertRequest,
  type OpsGenieRequest,
} from '../../../../shared/alerts';
import { RetryDeadlineError } from '../../../../shared/retry';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';
import { ScriptedServer } from '../../../shared/alerts/scriptedServer';

const KEY = 'test-key-0f0e0d0c';
const accepted = { result: 'Request will be processed', took: 0.302, requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120' };

describe('Class: HttpOpsGenieSink (against a local HTTP server)', () => {
  const server = new ScriptedServer();
  let sleeps: number[];
  const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
  const sink = (overrides: Partial<ConstructorParameters<typeof HttpOpsGenieSink>[0]> = {}): HttpOpsGenieSink =>
    new HttpOpsGenieSink({ apiKey: KEY, timeoutMs: 2000, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5, sleep }, ...overrides });
  const request = (flavour: 'opsgenie' | 'jsm' = 'opsgenie'): OpsGenieRequest =>
    createAlertRequest(sampleFinding(), { stage: 'prod', team: 'secops', baseUrl: server.baseUrl, flavour });

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    sleeps = [];
  });

  it('POSTs the body with the GenieKey header and treats 202 Accepted as success', async () => {
    // Prepare
    server.script({ status: 202, body: accepted });
    const req = request();
    // Act
    const result = await sink().deliver(req);
    // Assess
    expect(result).toEqual({ sink: 'opsgenie', delivered: 1, attempts: 1, status: 202, requestId: accepted.requestId });
    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v2/alerts');
    expect(seen.headers.authorization).toBe(`GenieKey ${KEY}`);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual(req.body);
  });

  it('sends to the JSM ops integration path with the same scheme', async () => {
    server.script({ status: 202, body: accepted });
    const result = await sink({ flavour: 'jsm' }).deliver(request('jsm'));
    expect(result.sink).toBe('jsm');
    expect(server.requests[0]!.url).toBe('/jsm/ops/integration/v2/alerts');
    expect(server.requests[0]!.headers.authorization).toBe(`GenieKey ${KEY}`);
  });

  it('retries a 429 and succeeds on the following 202, honouring the rate-limit period up to the cap', async () => {
    server.script(
      {
        status: 429,
        body: { message: 'Request throttled', took: 0.001, requestId: 'r-429' },
        headers: { 'x-ratelimit-state': 'THROTTLED', 'x-ratelimit-period-in-sec': '1' },
      },
      { status: 202, body: accepted },
    );
    const result = await sink().deliver(request());
    expect(result).toMatchObject({ attempts: 2, status: 202, requestId: accepted.requestId });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([5]); // 1 s hint, capped by maxDelayMs 5
    // With a generous cap the hint is honoured.
    server.script({ status: 429, headers: { 'x-ratelimit-period-in-sec': '1' } }, { status: 202, body: accepted });
    await sink({ retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 60_000, sleep } }).deliver(request());
    expect(sleeps[1]).toBe(1000);
  });

  it('gives up on repeated 500s with a RetryableDeliveryError after the retry budget', async () => {
    server.script({ status: 500, body: { message: 'Internal error', took: 0.01, requestId: 'r-500' } });
    const error = await sink()
      .deliver(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error).toMatchObject({ name: 'RetryableDeliveryError', sink: 'opsgenie', status: 500, attempts: 4, requestId: 'r-500' });
    expect((error as Error).message).toMatch(/gave up after 4 attempts: HTTP 500/);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('fails a 401 at once with a PermanentDeliveryError that does not leak the key', async () => {
    server.script({ status: 401, body: { message: 'Key format is not valid!', took: 0.0, requestId: 'r-401' } });
    const error = await sink()
      .deliver(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ name: 'PermanentDeliveryError', status: 401, attempts: 1 });
    expect((error as Error).message).toContain('bad API key');
    expect((error as Error).message).toContain('Key format is not valid!');
    expect(inspect(error)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reports field errors of a 422 and does not retry it', async () => {
    server.script({
      status: 422,
      body: {
        message: 'Request body is not processable.',
        errors: { message: 'Message can not be empty.' },
        took: 0.0,
        requestId: 'r-422',
      },
    });
    const error = await sink()
      .deliver(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toContain('message: Message can not be empty.');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry 501 (as the official SDK), but does retry 503', async () => {
    server.script({ status: 501 });
    await expect(sink().deliver(request())).rejects.toBeInstanceOf(PermanentDeliveryError);
    server.script({ status: 503 }, { status: 202, body: accepted });
    await expect(sink().deliver(request())).resolves.toMatchObject({ attempts: 2 });
  });

  it('retries a timeout and gives up with a RetryableDeliveryError', async () => {
    server.script({ hang: true });
    const error = await sink({ timeoutMs: 100, retry: { retries: 1, baseDelayMs: 1, sleep } })
      .deliver(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toMatch(/timed out after 100 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('retries network errors (nothing listening) and keeps the cause', async () => {
    const gone = new ScriptedServer();
    await gone.start();
    const url = gone.baseUrl;
    await gone.stop();
    const req: OpsGenieRequest = { ...request(), url: `${url}/v2/alerts` };
    const error = await sink({ retry: { retries: 2, baseDelayMs: 1, sleep } })
      .deliver(req)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ attempts: 3 });
    expect((error as Error).message).toMatch(/network error/);
    expect((error as Error).cause).toBeDefined();
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(JSON.stringify(accepted), { status: 202 });
    }) as typeof fetch;
    const result = await sink({ fetch: fakeFetch }).deliver(createAlertRequest(sampleFinding(), { stage: 'prod' }));
    expect(result.requestId).toBe(accepted.requestId);
    expect(calls).toEqual(['https://api.opsgenie.com/v2/alerts']);
  });

  it('gives up at once when Retry-After is longer than the time left, rather than sleep past the deadline', async () => {
    server.script({ status: 429, headers: { 'retry-after': '120' } }, { status: 202, body: accepted });
    const generous = { retries: 3, baseDelayMs: 1, maxDelayMs: 300_000, sleep };
    const error = await sink({ retry: generous })
      .deliver(request(), { deadline: Date.now() + 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ attempts: 1, status: 429 });
    expect((error as Error).cause).toBeInstanceOf(RetryDeadlineError);
    expect((error as Error).message).toMatch(/gave up after 1 attempt: retry 1 would wait 120000 ms, past the deadline .*HTTP 429/);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight when the signal fires, and does not retry it', async () => {
    server.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await sink({ timeoutMs: 10_000 })
      .deliver(request(), { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).cause).toMatchObject({ name: 'RetryDeadlineError', reason: 'aborted', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('clips the per-attempt timeout to the deadline and sends nothing once it has passed', async () => {
    server.script({ hang: true });
    const error = await sink({ timeoutMs: 10_000 })
      .deliver(request(), { deadline: Date.now() + 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).cause).toMatchObject({ reason: 'deadline', attempts: 1 });
    expect((error as Error).message).toMatch(/timed out after \d+ ms/);
    server.script({ status: 202, body: accepted });
    const late = await sink()
      .deliver(request(), { deadline: Date.now() - 1 })
      .catch((e: unknown) => e);
    expect((late as Error).cause).toMatchObject({ reason: 'deadline', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('requires a key and never shows it when inspected', () => {
    expect(() => new HttpOpsGenieSink({ apiKey: ' ' })).toThrow(/apiKey is required/);
    const s = sink();
    expect(inspect(s, { showHidden: true, depth: 5 })).not.toContain(KEY);
    expect(JSON.stringify(s)).not.toContain(KEY);
  });
});
