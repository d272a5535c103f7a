import {
  JsonLinesSink,
  PermanentDeliveryError,
  RetryableDeliveryError,
  createSiemSink,
  toOcsfDetectionFinding,
  type OcsfDetectionFinding,
} from '../../../../shared/alerts';
import { ocsfErrors } from '../../../helpers/ocsfValidator';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';
import { ScriptedServer } from '../../../shared/alerts/scriptedServer';

function records(n: number): OcsfDetectionFinding[] {
  return Array.from({ length: n }, (_, i) =>
    toOcsfDetectionFinding(sampleFinding({ id: i.toString(16).padStart(32, '0') }), { productVersion: '0.1.0', stage: 'prod' }),
  );
}

const oneLine = Buffer.byteLength(JSON.stringify(records(1)[0]));

describe('Class: JsonLinesSink (against a local HTTP server)', () => {
  const server = new ScriptedServer();
  let sleeps: number[];
  const sink = (overrides: Partial<ConstructorParameters<typeof JsonLinesSink>[0]> = {}) =>
    new JsonLinesSink({
      url: `${server.baseUrl}/ingest/ocsf`,
      token: 'secret-token',
      timeoutMs: 300,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, sleep: async (ms) => void sleeps.push(ms) },
      ...overrides,
    });

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    sleeps = [];
  });

  it('POSTs one OCSF record per line, each line ending in a newline, as application/x-ndjson with the bearer token', async () => {
    server.script({ status: 202 });
    const input = records(3);
    await expect(sink().deliver(input)).resolves.toEqual({ sink: 'json-lines', delivered: 3, attempts: 1, status: 202 });
    const seen = server.requests[0]!;
    expect(seen).toMatchObject({ method: 'POST', url: '/ingest/ocsf' });
    expect(seen.headers['content-type']).toBe('application/x-ndjson');
    expect(seen.headers.authorization).toBe('Bearer secret-token');
    expect(seen.body.endsWith('\n')).toBe(true);
    const lines = seen.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(input);
    for (const line of lines) expect(ocsfErrors(line)).toEqual([]);
  });

  it('splits into requests under maxBatchBytes, newline included, in order', async () => {
    server.script({ status: 200 });
    const result = await sink({ maxBatchBytes: oneLine * 2 + 2 }).deliver(records(5));
    expect(result).toMatchObject({ delivered: 5, attempts: 3 });
    expect(server.requests.map((r) => r.body.trimEnd().split('\n').length)).toEqual([2, 2, 1]);
    for (const r of server.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(oneLine * 2 + 2);
  });

  it('retries 429 honouring Retry-After and a 503, then delivers', async () => {
    server.script({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 200 });
    await expect(sink().deliver(records(1))).resolves.toMatchObject({ delivered: 1, attempts: 3 });
    expect(sleeps).toHaveLength(2);
  });

  it('retries a hang past the timeout, then gives up with a RetryableDeliveryError saying what was delivered', async () => {
    server.script({ status: 200 }, { hang: true });
    const error = await sink({ maxBatchBytes: oneLine + 1 })
      .deliver(records(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ delivered: 1, attempts: 3 });
    expect((error as Error).message).toMatch(/timed out/);
  });

  it.each([400, 401, 403, 413])('fails HTTP %i at once with a PermanentDeliveryError, never showing the token', async (status) => {
    server.script({ status, body: { message: 'no' } });
    const error = await sink()
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect((error as Error).message).not.toContain('secret-token');
  });

  it('refuses a record larger than a request before sending anything', async () => {
    server.script({ status: 200 });
    await expect(sink({ maxBatchBytes: 100 }).deliver(records(1))).rejects.toMatchObject({ invalidRecordIndex: 0, delivered: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('is what createSiemSink builds for kind json-lines (no token: no Authorization header)', async () => {
    server.script({ status: 200 });
    const siem = createSiemSink({ kind: 'json-lines', url: `${server.baseUrl}/ingest` });
    await expect(siem.deliver(records(1))).resolves.toMatchObject({ sink: 'json-lines', delivered: 1 });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });
});
