import { hecCapture, opsGenieCapture, startCaptureEndpoint, type CapturedRequest } from '../../../../infra/local/captureEndpoint';
import { OpsGenieStandIn, type OpsGenieStandInOptions } from '../../../../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../../../../infra/local/runtime/EmbeddedRuntime';
import { OpsGenieApiError, OpsGenieClient, createAlertRequest, opsGenieAlias } from '../../../../shared/alerts';
import { cloudTrailEvent } from '../../../helpers/cloudTrailEvent';
import { opsGenieSchemaErrors, type OpsGenieDefinition } from '../../../helpers/opsgenieSchemas';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';

const KEY = 'local-test-key';
const NOMINAL = 'https://api.opsgenie.com';

/** The stand-in behind a real capture endpoint, and a client pointed at it. */
async function standIn(options: OpsGenieStandInOptions = {}) {
  const store = new OpsGenieStandIn({ apiKey: KEY, ...options });
  const recorded: CapturedRequest[] = [];
  const endpoint = await startCaptureEndpoint({
    nominalBaseUrl: NOMINAL,
    serve: opsGenieCapture(store),
    record: (r) => void recorded.push(r),
  });
  const client = new OpsGenieClient({
    apiKey: KEY,
    baseUrl: endpoint.endpoint,
    ...(options.flavour ? { flavour: options.flavour } : {}),
    retry: { retries: 0 },
  });
  /** A raw request, to send what the client never would. */
  const raw = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${endpoint.endpoint}${path}`, {
      method,
      headers: { authorization: `GenieKey ${KEY}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  return { store, recorded, client, raw, url: endpoint.endpoint, close: () => endpoint.close() };
}

const conforms = (definition: OpsGenieDefinition, value: unknown) => expect(opsGenieSchemaErrors(definition, value)).toEqual([]);

/** The swagger definition each recorded write's body must satisfy. */
function definitionOf(request: CapturedRequest): OpsGenieDefinition | undefined {
  const path = new URL(request.url).pathname;
  if (request.method === 'POST' && path === '/v2/alerts') return 'CreateAlertPayload';
  if (path.endsWith('/close')) return 'CloseAlertPayload';
  if (path.endsWith('/acknowledge')) return 'AcknowledgeAlertPayload';
  if (path.endsWith('/notes')) return 'AddNoteToAlertPayload';
  return undefined;
}

describe('OpsGenie stand-in (the embedded runtime’s capture endpoint)', () => {
  let og: Awaited<ReturnType<typeof standIn>>;
  beforeEach(async () => {
    og = await standIn();
  });
  afterEach(() => og.close());

  it('serves the alert lifecycle by alias: create, deduplicate, note, acknowledge, close, and a new alert after the close', async () => {
    const finding = sampleFinding();
    const alias = opsGenieAlias(finding, 'prod');
    const body = createAlertRequest(finding, { stage: 'prod', team: 'secops' }).body;
    const created = await og.client.createAlert(body);
    expect(await og.client.getRequestStatus(created.requestId!)).toMatchObject({
      state: 'processed',
      success: true,
      action: 'Create',
      status: 'Created alert',
      alias,
    });

    const again = await og.client.createAlert(body);
    expect(await og.client.getRequestStatus(again.requestId!)).toMatchObject({ success: true, status: 'Alert deduplicated (count 2)' });
    expect(og.store.alerts).toHaveLength(1);
    expect(og.store.openAlert(alias)).toMatchObject({ count: 2, status: 'open', message: body.message, priority: 'P1' });

    const noted = await og.client.addNote(alias, { note: 'Seen again (count 2)', user: 'Vigil' });
    const acked = await og.client.acknowledgeAlert(alias);
    const closed = await og.client.closeAlert(alias, { note: 'Resolved' });
    for (const [accepted, action, status] of [
      [noted, 'AddNote', 'Added note'],
      [acked, 'Acknowledge', 'Acknowledged alert'],
      [closed, 'Close', 'Closed alert'],
    ] as const) {
      expect(await og.client.getRequestStatus(accepted.requestId!)).toMatchObject({ success: true, action, status });
    }
    expect(og.store.alerts[0]).toMatchObject({ status: 'closed', acknowledged: true });
    expect(og.store.alerts[0]!.notes.map((n) => n.note)).toEqual(['Seen again (count 2)', 'Resolved']);

    await og.client.createAlert(body);
    expect(og.store.alerts).toHaveLength(2);
    expect(og.store.openAlert(alias)).toMatchObject({ count: 1, tinyId: '2' });
  });

  it('finds an alert by alias after it was closed, so a resent create opens nothing', async () => {
    const body = createAlertRequest(sampleFinding(), { stage: 'prod' }).body;
    await expect(og.client.getAlert(body.alias)).resolves.toMatchObject({ found: false });
    await og.client.createAlert(body);
    await og.client.closeAlert(body.alias, { user: 'oncall@example.com' });
    await expect(og.client.getAlert(body.alias)).resolves.toMatchObject({ found: true, status: 'closed', count: 1 });
    await expect(og.client.createAlert(body, { resend: true })).resolves.toMatchObject({ delivered: 0, existing: 'closed' });
    expect(og.store.alerts).toHaveLength(1);
    // Lookups are reads: not recorded in opsgenie.jsonl.
    expect(og.recorded.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('accepts a close of an alias no alert has, and tells only in the request status', async () => {
    const accepted = await og.client.closeAlert('vigil:prod:nothing:here');
    expect(accepted.status).toBe(202);
    expect(await og.client.getRequestStatus(accepted.requestId!)).toMatchObject({
      state: 'processed',
      success: false,
      action: 'Close',
      status: 'Alert does not exist',
      alias: 'vigil:prod:nothing:here',
    });
  });

  it('can accept a request and fail it in processing (failProcessing), telling only in the request status', async () => {
    const failing = await standIn({
      failProcessing: ({ action, alias }) => (action === 'Create' && alias === 'doomed' ? 'Integration is disabled' : undefined),
    });
    try {
      const doomed = await failing.client.createAlert({ message: 'm', alias: 'doomed' });
      const fine = await failing.client.createAlert({ message: 'm', alias: 'fine' });
      expect([doomed.status, fine.status]).toEqual([202, 202]);
      expect(await failing.client.getRequestStatus(doomed.requestId!)).toMatchObject({
        state: 'processed',
        success: false,
        action: 'Create',
        status: 'Integration is disabled',
      });
      expect(await failing.client.getRequestStatus(fine.requestId!)).toMatchObject({ state: 'processed', success: true });
      expect(failing.store.alerts.map((a) => a.alias)).toEqual(['fine']);
    } finally {
      await failing.close();
    }
  });

  it('records every accepted write and ping as {method, url, body}; reads and refusals are not recorded', async () => {
    const alias = 'vigil:prod:d:1';
    await og.client.createAlert({ message: 'm', alias, tags: ['a'], details: { k: 'v' }, priority: 'P2' });
    await og.client.addNote(alias, 'n');
    await og.client.acknowledgeAlert(alias, { user: 'Vigil' });
    await og.client.closeAlert(alias);
    await og.client.pingHeartbeat('vigil-prod');
    const { requestId } = await og.client.createAlert({ message: 'm2', alias: 'vigil:prod:d:2' });
    await og.client.getRequestStatus(requestId!);
    await og.client.createAlert({ message: ' ', alias } as never).catch(() => undefined); // refused before sending
    await og.raw('POST', '/v2/alerts', JSON.stringify({ alias })); // refused by the stand-in
    expect(og.recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${NOMINAL}/v2/alerts`,
      `POST ${NOMINAL}/v2/alerts/vigil%3Aprod%3Ad%3A1/notes?identifierType=alias`,
      `POST ${NOMINAL}/v2/alerts/vigil%3Aprod%3Ad%3A1/acknowledge?identifierType=alias`,
      `POST ${NOMINAL}/v2/alerts/vigil%3Aprod%3Ad%3A1/close?identifierType=alias`,
      `GET ${NOMINAL}/v2/heartbeats/vigil-prod/ping`,
      `POST ${NOMINAL}/v2/alerts`,
    ]);
    expect(og.recorded[4]!.body).toBeNull();
    for (const request of og.recorded) {
      const definition = definitionOf(request);
      if (definition) conforms(definition, request.body);
    }
    expect(og.store.heartbeats.get('vigil-prod')).toMatchObject({ pings: 1 });
  });

  it('answers with OpsGenie’s reply shapes: SuccessResponse, GetRequestStatusResponse, ErrorResponse', async () => {
    const created = await og.raw('POST', '/v2/alerts', JSON.stringify({ message: 'm', alias: 'a' }));
    expect(created.status).toBe(202);
    conforms('SuccessResponse', created.body);
    expect(created.headers.get('x-request-id')).toBe(created.body.requestId);
    const status = await og.raw('GET', `/v2/alerts/requests/${created.body.requestId as string}`);
    expect(status.status).toBe(200);
    conforms('GetRequestStatusResponse', status.body);
    const pong = await og.raw('GET', '/v2/heartbeats/vigil/ping');
    expect(pong.body).toMatchObject({ result: 'PONG - Heartbeat received' });
    conforms('SuccessResponse', pong.body);
    const refused = await og.raw('POST', '/v2/alerts', '{}');
    expect(refused.status).toBe(422);
    conforms('ErrorResponse', refused.body);
    const alert = await og.raw('GET', '/v2/alerts/a?identifierType=alias');
    expect(alert.body.data).toMatchObject({ alias: 'a', message: 'm', status: 'open', count: 1 });
  });

  describe('refuses what OpsGenie’s schema refuses, with 422 and the field named', () => {
    it.each([
      ['CreateAlertPayload', '/v2/alerts', { alias: 'a' }, 'message'],
      ['CreateAlertPayload', '/v2/alerts', { message: 'm', priority: 'P9' }, 'priority'],
      ['CreateAlertPayload', '/v2/alerts', { message: 'm', details: { count: 2 } }, 'details.count'],
      ['CreateAlertPayload', '/v2/alerts', { message: 'm', responders: [{ name: 'secops' }] }, 'responders[0].type'],
      ['CreateAlertPayload', '/v2/alerts', { message: 'm', tags: 'a,b' }, 'tags'],
      ['CreateAlertPayload', '/v2/alerts', { message: 1 }, 'message'],
      ['AddNoteToAlertPayload', '/v2/alerts/a/notes?identifierType=alias', { user: 'u' }, 'note'],
      ['CloseAlertPayload', '/v2/alerts/a/close?identifierType=alias', { note: 5 }, 'note'],
    ] as const)('%s %j', async (definition, path, body, field) => {
      expect(opsGenieSchemaErrors(definition, body)).not.toEqual([]); // the published schema refuses it too
      const answer = await og.raw('POST', path, JSON.stringify(body));
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toHaveProperty([field]);
      expect(og.recorded).toEqual([]);
    });
  });

  describe('and the documented limits the schema leaves out (stricter than OpsGenie, on purpose)', () => {
    it.each([
      ['message', { message: 'm'.repeat(131) }],
      ['message', { message: ' ' }],
      ['alias', { message: 'm', alias: 'a'.repeat(513) }],
      ['description', { message: 'm', description: 'd'.repeat(15_001) }],
      ['tags', { message: 'm', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ['tags', { message: 'm', tags: ['t'.repeat(51)] }],
      ['details', { message: 'm', details: { k: 'v'.repeat(8_000) } }],
      ['responders[0].type', { message: 'm', responders: [{ type: 'all', name: 'x' }] }],
      ['visibleTo[0].type', { message: 'm', visibleTo: [{ type: 'schedule', name: 'x' }] }],
      ['colour', { message: 'm', colour: 'red' }],
    ])('%s', async (field, body) => {
      expect(opsGenieSchemaErrors('CreateAlertPayload', body)).toEqual([]); // the published schema lets each through
      const answer = await og.raw('POST', '/v2/alerts', JSON.stringify(body));
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toHaveProperty([field]);
    });

    it('accepts each limit exactly', async () => {
      const atLimits = {
        message: 'm'.repeat(130),
        alias: 'a'.repeat(512),
        description: 'd'.repeat(15_000),
        tags: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, 't')),
        details: { k: 'v'.repeat(7_999) },
        note: 'n'.repeat(25_000),
      };
      expect((await og.raw('POST', '/v2/alerts', JSON.stringify(atLimits))).status).toBe(202);
      expect((await og.raw('POST', '/v2/alerts/x/notes?identifierType=alias', JSON.stringify({ note: 'n'.repeat(25_000) }))).status).toBe(
        202,
      );
      expect((await og.raw('POST', '/v2/alerts/x/notes?identifierType=alias', JSON.stringify({ note: 'n'.repeat(25_001) }))).status).toBe(
        422,
      );
      expect((await og.raw('GET', `/v2/heartbeats/${'h'.repeat(201)}/ping`)).status).toBe(422);
    });
  });

  it('refuses a bad or missing key (401), a body that is not JSON (400) or not declared JSON (415), a bad identifierType', async () => {
    expect((await og.raw('POST', '/v2/alerts', '{"message":"m"}', { authorization: 'GenieKey wrong' })).status).toBe(401);
    expect((await og.raw('POST', '/v2/alerts', '{"message":"m"}', { authorization: 'Bearer x' })).status).toBe(401);
    expect((await og.raw('POST', '/v2/alerts', '{"message":', {})).status).toBe(400);
    expect((await og.raw('POST', '/v2/alerts', '{"message":"m"}', { 'content-type': 'text/plain' })).status).toBe(415);
    const badType = await og.raw('POST', '/v2/alerts/a/close?identifierType=name', '{}');
    expect(badType.status).toBe(422);
    expect(badType.body.errors).toHaveProperty(['identifierType']);
    expect((await og.raw('GET', '/v2/alerts')).status).toBe(405);
    expect((await og.raw('POST', '/v2/alerts/a/snooze', '{}')).status).toBe(404);
    expect(og.recorded).toEqual([]);
  });

  it('a refusal reaches the client as an OpsGenieApiError, not retried', async () => {
    const wrongKey = new OpsGenieClient({
      apiKey: 'not-the-key',
      baseUrl: og.client.endpoint.origin,
      retry: { retries: 3, sleep: async () => {} },
    });
    const error = await wrongKey.closeAlert('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpsGenieApiError);
    expect(error).toMatchObject({ status: 401, attempts: 1, apiMessage: 'Could not authenticate' });
  });

  it('answers RequestNotProcessed until a request is processed, and for an id it never issued', async () => {
    await og.close();
    og = await standIn({ pendingStatusReads: 2 });
    const { requestId } = await og.client.closeAlert('a');
    expect(await og.client.getRequestStatus(requestId!)).toMatchObject({ state: 'pending' });
    expect(await og.client.getRequestStatus(requestId!)).toMatchObject({ state: 'pending' });
    expect(await og.client.getRequestStatus(requestId!)).toMatchObject({ state: 'processed', success: false });
    expect(await og.client.getRequestStatus('never-issued')).toMatchObject({ state: 'pending' });
  });

  it('serves Jira Service Management ops under /jsm/ops/integration, where there is no heartbeat', async () => {
    await og.close();
    og = await standIn({ flavour: 'jsm' });
    const { requestId } = await og.client.createAlert({ message: 'm', alias: 'a' });
    expect(await og.client.getRequestStatus(requestId!)).toMatchObject({ success: true });
    expect(og.recorded.map((r) => r.url)).toEqual([`${NOMINAL}/jsm/ops/integration/v2/alerts`]);
    expect((await og.raw('POST', '/v2/alerts', '{"message":"m"}')).status).toBe(404);
    expect((await og.raw('GET', '/jsm/ops/integration/v2/heartbeats/vigil/ping')).status).toBe(404);
  });
});

describe('HEC capture', () => {
  it('records each concatenated event and answers Success', async () => {
    const recorded: CapturedRequest[] = [];
    const endpoint = await startCaptureEndpoint({
      nominalBaseUrl: 'https://splunk.example.com:8088',
      serve: hecCapture(),
      record: (r) => void recorded.push(r),
    });
    try {
      const response = await fetch(`${endpoint.endpoint}/services/collector/event`, { method: 'POST', body: '{"event":1}\n{"event":2}' });
      expect(await response.json()).toEqual({ text: 'Success', code: 0 });
      expect(recorded.map((r) => r.body)).toEqual([{ event: 1 }, { event: 2 }]);
    } finally {
      await endpoint.close();
    }
  });
});

describe('The embedded runtime and OpsGenie', () => {
  const stop = cloudTrailEvent(
    { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'org-trail' } },
    { id: 'stop-standin' },
  );

  it('by default pages through the stand-in, which keeps the alert and the request’s outcome', async () => {
    const recorded: CapturedRequest[] = [];
    const runtime = await EmbeddedRuntime.start({ onDelivery: (sink, r) => void (sink === 'opsgenie' && recorded.push(r)) });
    try {
      runtime.deliver(stop, 'default');
      await runtime.drain();
      const store = runtime.opsGenieStandIn!;
      expect(store.alerts).toHaveLength(1);
      expect(store.alerts[0]!.alias).toMatch(/^vigil:local:cloudtrail-stopped-or-deleted:/);
      expect([...store.requests.values()]).toEqual([expect.objectContaining({ action: 'Create', isSuccess: true })]);
      expect(recorded).toHaveLength(1);
      conforms('CreateAlertPayload', recorded[0]!.body);
    } finally {
      await runtime.close();
    }
  }, 60_000);
});
