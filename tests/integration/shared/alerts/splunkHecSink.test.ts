import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  SplunkHecSink,
  hecEventEndpoint,
  toOcsfDetectionFinding,
  type OcsfDetectionFinding,
} from '../../../../shared/alerts';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';
import { ScriptedServer } from '../../../shared/alerts/scriptedServer';

const TOKEN = '6a4d2f1e-0b9c-4e8d-a7f6-5e4d3c2b1a09';
const success = { text: 'Success', code: 0 };

function records(n: number): OcsfDetectionFinding[] {
  return Array.from({ length: n }, (_, i) =>
    toOcsfDetectionFinding(sampleFinding({ id: String(i).padStart(32, '0') }), { productVersion: '0.1.0', stage: 'prod' }),
  );
}

describe('Class: SplunkHecSink (against a local HTTP server)', () => {
  const server = new ScriptedServer();
  let sleeps: number[];
  const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
  const sink = (overrides: Partial<ConstructorParameters<typeof SplunkHecSink>[0]> = {}): SplunkHecSink =>
    new SplunkHecSink({
      url: server.baseUrl,
      token: TOKEN,
      index: 'security',
      timeoutMs: 2000,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, sleep },
      ...overrides,
    });
  const oneRecordBytes = Buffer.byteLength(
    JSON.stringify({
      time: 0,
      host: 'vigil',
      source: 'vigil',
      sourcetype: 'ocsf:detection_finding',
      index: 'security',
      event: records(1)[0],
    }),
  );

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    sleeps = [];
  });

  it('POSTs envelopes to /services/collector/event with the Splunk scheme and reads {"text":"Success","code":0}', async () => {
    // Prepare
    server.script({ status: 200, body: success });
    const input = records(2);
    // Act
    const result = await sink().deliver(input);
    // Assess
    expect(result).toEqual({ sink: 'splunk-hec', delivered: 2, attempts: 1, status: 200 });
    const seen = server.requests[0]!;
    expect(seen.url).toBe('/services/collector/event');
    expect(seen.headers.authorization).toBe(`Splunk ${TOKEN}`);
    const envelopes = seen.body.split('\n').map((l) => JSON.parse(l));
    expect(envelopes).toHaveLength(2);
    expect(envelopes[0]).toMatchObject({
      index: 'security',
      sourcetype: 'ocsf:detection_finding',
      source: 'vigil',
      host: 'vigil',
      time: input[0]!.time / 1000,
    });
    expect(envelopes.map((e) => e.event)).toEqual(input);
  });

  it('splits large deliveries into several requests under maxBatchBytes', async () => {
    server.script({ status: 200, body: success });
    const result = await sink({ maxBatchBytes: oneRecordBytes * 2 + 100 }).deliver(records(5));
    expect(result).toMatchObject({ delivered: 5, attempts: 3 });
    expect(server.requests.map((r) => r.body.split('\n').length)).toEqual([2, 2, 1]);
  });

  it('retries "Server is busy" (503, code 9) and succeeds', async () => {
    server.script({ status: 503, body: { text: 'Server is busy', code: 9 } }, { status: 200, body: success });
    await expect(sink().deliver(records(1))).resolves.toMatchObject({ delivered: 1, attempts: 2 });
    expect(sleeps).toHaveLength(1);
  });

  it('gives up on a persistently busy server with a RetryableDeliveryError', async () => {
    server.script({ status: 503, body: { text: 'Server is busy', code: 9 } });
    const error = await sink()
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ code: 9, status: 503, attempts: 3, delivered: 0 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    [403, 4, 'Invalid token'],
    [401, 2, 'Token is required'],
    [403, 1, 'Token disabled'],
    [400, 7, 'Incorrect index'],
  ])('fails HTTP %i code %i (%s) at once with a PermanentDeliveryError', async (status, code, text) => {
    server.script({ status, body: { text, code } });
    const error = await sink()
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ code, status, attempts: 1 });
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it('on code 6 reports what was delivered and which record HEC rejected', async () => {
    // Two records per request: the first request succeeds, the second is rejected at its 2nd event.
    server.script(
      { status: 200, body: success },
      { status: 400, body: { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 } },
    );
    const error = await sink({ maxBatchBytes: oneRecordBytes * 2 + 100 })
      .deliver(records(4))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ code: 6, delivered: 2, invalidRecordIndex: 3 });
  });

  it('retries a non-HEC 500 page, then gives up', async () => {
    server.script({ status: 500, body: '<html>oops</html>', headers: { 'content-type': 'text/html' } });
    const error = await sink()
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toContain('oops');
  });

  it('refuses a record too large for any request before sending anything', async () => {
    server.script({ status: 200, body: success });
    const error = await sink({ maxBatchBytes: 1000 })
      .deliver(records(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ delivered: 0, invalidRecordIndex: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('sends nothing for nothing', async () => {
    server.script({ status: 200, body: success });
    await expect(sink().deliver([])).resolves.toEqual({ sink: 'splunk-hec', delivered: 0, attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('sends the ack channel and returns ack ids when the token acknowledges', async () => {
    server.script({ status: 200, body: { text: 'Success', code: 0, ackId: 11 } });
    const channel = '0b9c6a4d-2f1e-4e8d-a7f6-5e4d3c2b1a09';
    const result = await sink({ channel }).deliver(records(1));
    expect(result.ackIds).toEqual([11]);
    expect(server.requests[0]!.headers['x-splunk-request-channel']).toBe(channel);
  });

  it('requires a token and a url', () => {
    expect(() => new SplunkHecSink({ url: server.baseUrl, token: '' })).toThrow(/token is required/);
    expect(() => new SplunkHecSink({ url: '', token: TOKEN })).toThrow(/url is required/);
  });
});

describe('Function: hecEventEndpoint', () => {
  it('appends the event path once', () => {
    expect(hecEventEndpoint('https://splunk.example.com:8088')).toBe('https://splunk.example.com:8088/services/collector/event');
    expect(hecEventEndpoint('https://splunk.example.com:8088/')).toBe('https://splunk.example.com:8088/services/collector/event');
    expect(hecEventEndpoint('https://h/services/collector')).toBe('https://h/services/collector/event');
    expect(hecEventEndpoint('https://h/services/collector/event')).toBe('https://h/services/collector/event');
  });
});
