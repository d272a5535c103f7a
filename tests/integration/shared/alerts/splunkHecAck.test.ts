import { startHecStandIn, type HecFault, type HecStandInServer } from '../../../../infra/local/hecStandIn';
import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  SplunkHecSink,
  createSiemSink,
  toOcsfDetectionFinding,
  type OcsfDetectionFinding,
  type SplunkHecSinkOptions,
} from '../../../../shared/alerts';
import { ocsfErrors } from '../../../helpers/ocsfValidator';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';

const TOKEN = '0b7d4c1e-2f3a-4b5c-8d9e-a1b2c3d4e5f6';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function records(n: number): OcsfDetectionFinding[] {
  return Array.from({ length: n }, (_, i) =>
    toOcsfDetectionFinding(sampleFinding({ id: i.toString(16).padStart(32, '0') }), { productVersion: '0.1.0', stage: 'prod' }),
  );
}

/** Each record as a HEC envelope is about 2.5 KB (with its runbook in `remediation`): 4 KB per request holds one, 5.5 KB two. */
const TWO_RECORDS = 5_500;
const noSleep = async (): Promise<void> => {};

describe('SplunkHecSink with indexer acknowledgement, against the HEC stand-in (infra/local/hecStandIn.ts)', () => {
  let hec: HecStandInServer;
  let faults: Array<HecFault | undefined>;
  const start = (options: Partial<Parameters<typeof startHecStandIn>[0]> = {}) =>
    startHecStandIn({ token: TOKEN, ack: true, fault: () => faults.shift(), ...options }).then((s) => {
      hec = s;
    });
  const sink = (overrides: Partial<SplunkHecSinkOptions> = {}) =>
    new SplunkHecSink({
      url: hec.endpoint,
      token: TOKEN,
      timeoutMs: 500,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2, sleep: noSleep },
      ack: { intervalMs: 1, maxIntervalMs: 2, sleep: noSleep },
      ...overrides,
    });

  beforeEach(() => {
    faults = [];
  });
  afterEach(() => hec.close());

  it('sends every request on one GUID channel and resolves once every ack id reads true', async () => {
    await start({ ackAfterPolls: 3 });
    const result = await sink({ maxBatchBytes: TWO_RECORDS }).deliver(records(5));
    expect(result).toMatchObject({ sink: 'splunk-hec', delivered: 5, ackIds: [0, 1, 2] });
    const channels = new Set(hec.standIn.events.map((e) => e.channel));
    expect(channels.size).toBe(1);
    expect([...channels][0]).toMatch(GUID);
    expect(hec.standIn.eventRequests).toBe(3);
    expect(hec.standIn.ackPolls).toBe(3); // all ids polled together, true at the third poll
    expect(result.attempts).toBe(3 + 3);
  });

  it('gives up after the ack budget with a RetryableDeliveryError that counts only acknowledged records', async () => {
    await start({ ackAfterPolls: 1_000_000 });
    let clock = 0;
    const error = await sink({ ack: { budgetMs: 100, intervalMs: 10, maxIntervalMs: 10, sleep: noSleep, now: () => (clock += 7) } })
      .deliver(records(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ code: 'ack-pending', delivered: 0, operation: 'ack' });
    expect((error as Error).message).toMatch(/acknowledgement pending/);
    expect(hec.standIn.ackPolls).toBeGreaterThan(1);
  });

  it('when only the first request is acknowledged, delivered counts its records and no more', async () => {
    const partly: HecFault = { kind: 'reply', status: 200, body: { acks: { '0': true, '1': false } } };
    await start({ fault: (request) => (request.path.startsWith('/services/collector/ack') ? partly : undefined) });
    let clock = 0;
    const error = await sink({
      maxBatchBytes: TWO_RECORDS,
      ack: { budgetMs: 50, intervalMs: 10, maxIntervalMs: 10, sleep: noSleep, now: () => (clock += 7) },
    })
      .deliver(records(4))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).toMatchObject({ code: 'ack-pending', delivered: 2 });
  });

  it('a token without acknowledgement: the ack is refused for good (code 14), said as a configuration problem', async () => {
    await start({ ack: false });
    const error = await sink()
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toMatch(/useACK/);
  });

  it('ack off in the sink against an ack-enabled token: HEC asks for a channel (code 10), permanent', async () => {
    await start();
    const error = await sink({ ack: false })
      .deliver(records(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ code: 10, status: 400 });
  });

  it('retries a reset after the request was sent, a hang past the timeout and a busy indexer, then delivers', async () => {
    await start();
    faults = [
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'reply', status: 503, body: { text: 'Server is busy', code: 9 }, headers: { 'retry-after': '0' } },
    ];
    const result = await sink().deliver(records(1));
    expect(result.delivered).toBe(1);
    expect(hec.standIn.events).toHaveLength(1);
  });

  it('retries an ack poll that met a 503, then reads the acks', async () => {
    await start();
    faults = [undefined, { kind: 'reply', status: 503, body: { text: 'HEC is unhealthy, ack service unavailable', code: 19 } }];
    await expect(sink().deliver(records(1))).resolves.toMatchObject({ delivered: 1 });
    expect(hec.standIn.ackPolls).toBe(1); // the faulted poll never reached the stand-in
  });

  it('keeps every request under the 1 MB cap of Splunk Cloud, and what arrives is valid OCSF 1.3.0', async () => {
    await start({ maxContentLength: 1_000_000 });
    const input = records(1_000);
    const result = await sink().deliver(input);
    expect(result.delivered).toBe(1_000);
    expect(hec.standIn.eventRequests).toBeGreaterThan(1);
    expect(hec.standIn.events.map((e) => e.envelope.event)).toEqual(input);
    for (const event of hec.standIn.events.slice(0, 20)) expect(ocsfErrors(event.envelope.event)).toEqual([]);
  });

  it('is what createSiemSink builds for kind splunk-hec with ack', async () => {
    await start();
    const siem = createSiemSink({ kind: 'splunk-hec', url: hec.endpoint, token: TOKEN, ack: true, index: 'security' });
    await expect(siem.deliver(records(2))).resolves.toMatchObject({ sink: 'splunk-hec', delivered: 2, ackIds: [0] });
    expect(hec.standIn.events[0]!.envelope.index).toBe('security');
  });

  it('refuses a wrong token (403, code 4) and an index the token may not write (code 7) without retrying', async () => {
    await start({ indexes: ['security'] });
    await expect(sink({ token: 'not-the-token' }).deliver(records(1))).rejects.toMatchObject({ code: 4, attempts: 1 });
    await expect(sink({ index: 'main' }).deliver(records(1))).rejects.toMatchObject({ code: 7, attempts: 1 });
    expect(hec.standIn.events).toHaveLength(0);
  });
});
