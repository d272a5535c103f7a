import { inspect } from 'node:util';
import {
  AlertDeliveryError,
  OpsGenieApiError,
  OpsGenieClient,
  PermanentDeliveryError,
  RetryableDeliveryError,
  TRUNCATED_DETAIL,
  createAlertRequest,
  type OpsGenieCallRecord,
  type OpsGenieClientOptions,
  type OpsGenieRequest,
} from '../../../../shared/alerts';
import { RetryDeadlineError } from '../../../../shared/retry';
import { sampleFinding } from '../../../shared/alerts/sampleFinding';
import { ScriptedServer, type SeenRequest } from '../../../shared/alerts/scriptedServer';

import { opsGenieSchemaErrors, type OpsGenieDefinition } from '../../../helpers/opsgenieSchemas';

/** Against OpsGenie's own definitions (tests/conformance/OPSGENIE.md). */
const conforms = (definition: OpsGenieDefinition, value: unknown): void => expect(opsGenieSchemaErrors(definition, value)).toEqual([]);

const KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';
const REQUEST_ID = '43a29c5c-3dbf-4fa4-9c26-f4f71023e120';
const accepted = { result: 'Request will be processed', took: 0.302, requestId: REQUEST_ID };
const ALIAS = 'vigil:prod:cloudtrail-stopped-or-deleted:3f9c2a1b7d4e8f60a1b2c3d4e5f60718';
const ENCODED = 'vigil%3Aprod%3Acloudtrail-stopped-or-deleted%3A3f9c2a1b7d4e8f60a1b2c3d4e5f60718';

describe('Class: OpsGenieClient (against a local HTTP server)', () => {
  const server = new ScriptedServer();
  let sleeps: number[];
  let calls: OpsGenieCallRecord[];
  const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
  const client = (overrides: Partial<OpsGenieClientOptions> = {}): OpsGenieClient =>
    new OpsGenieClient({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      timeoutMs: 2000,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5, sleep },
      onCall: (call) => void calls.push(call),
      ...overrides,
    });
  const only = (): SeenRequest => {
    expect(server.requests).toHaveLength(1);
    return server.requests[0]!;
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    sleeps = [];
    calls = [];
    server.script({ status: 202, body: accepted });
  });

  describe('each call: URL, method, headers, body', () => {
    it('create: POST /v2/alerts with the GenieKey header and a CreateAlertPayload body; returns and reports the requestId', async () => {
      const body = createAlertRequest(sampleFinding(), { stage: 'prod', team: 'secops' }).body;
      const result = await client().createAlert(body);
      expect(result).toEqual({
        sink: 'opsgenie',
        operation: 'create',
        delivered: 1,
        attempts: 1,
        status: 202,
        requestId: REQUEST_ID,
        truncated: [],
      });
      const seen = only();
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe('/v2/alerts');
      expect(seen.headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(JSON.parse(seen.body)).toEqual(body);
      conforms('CreateAlertPayload', JSON.parse(seen.body));
      expect(calls).toEqual([
        {
          operation: 'create',
          method: 'POST',
          url: `${server.baseUrl}/v2/alerts`,
          outcome: 'accepted',
          attempts: 1,
          status: 202,
          requestId: REQUEST_ID,
          durationMs: expect.any(Number),
        },
      ]);
    });

    it.each([
      ['close', 'closeAlert', 'close', 'CloseAlertPayload'],
      ['acknowledge', 'acknowledgeAlert', 'acknowledge', 'AcknowledgeAlertPayload'],
    ] as const)('%s: POST /v2/alerts/{alias}/%s?identifierType=alias, the alias URL-encoded', async (operation, method, path, schema) => {
      const result = await client()[method](ALIAS, { user: 'Vigil', source: 'vigil', note: 'resolved by the router' });
      expect(result).toMatchObject({ operation, requestId: REQUEST_ID, status: 202 });
      const seen = only();
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe(`/v2/alerts/${ENCODED}/${path}?identifierType=alias`);
      expect(seen.headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(JSON.parse(seen.body)).toEqual({ user: 'Vigil', source: 'vigil', note: 'resolved by the router' });
      conforms(schema, JSON.parse(seen.body));
    });

    it('close and acknowledge without a body send an empty object', async () => {
      await client().closeAlert(ALIAS);
      expect(JSON.parse(only().body)).toEqual({});
    });

    it('add-note: POST /v2/alerts/{alias}/notes?identifierType=alias with an AddNoteToAlertPayload', async () => {
      await client().addNote(ALIAS, 'Seen again: 5 occurrences since 07:57Z');
      const seen = only();
      expect(seen.url).toBe(`/v2/alerts/${ENCODED}/notes?identifierType=alias`);
      expect(JSON.parse(seen.body)).toEqual({ note: 'Seen again: 5 occurrences since 07:57Z' });
      conforms('AddNoteToAlertPayload', JSON.parse(seen.body));
    });

    it('encodes an alias with reserved characters, which the server decodes back to the same alias', async () => {
      const alias = 'vigil:prod:weird/ id?#%';
      await client().addNote(alias, { note: 'n', user: 'Vigil' });
      const url = new URL(only().url, server.baseUrl);
      expect(url.searchParams.get('identifierType')).toBe('alias');
      expect(decodeURIComponent(url.pathname.split('/')[3]!)).toBe(alias);
    });

    it('heartbeat: GET /v2/heartbeats/{name}/ping, no body, the PONG’s requestId returned', async () => {
      server.script({ status: 202, body: { result: 'PONG - Heartbeat received', took: 0, requestId: 'pong-1' } });
      const result = await client().pingHeartbeat('vigil-prod pipeline');
      expect(result).toMatchObject({ operation: 'heartbeatPing', requestId: 'pong-1' });
      const seen = only();
      expect(seen.method).toBe('GET');
      expect(seen.url).toBe('/v2/heartbeats/vigil-prod%20pipeline/ping');
      expect(seen.headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(seen.headers['content-type']).toBeUndefined();
      expect(seen.body).toBe('');
    });

    it('request status: GET /v2/alerts/requests/{id}; processed, with OpsGenie’s verdict', async () => {
      const reply = {
        data: {
          success: true,
          action: 'Close',
          processedAt: '2026-10-09T08:00:01.123Z',
          integrationId: 'c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03',
          isSuccess: false,
          status: 'Alert does not exist',
          alertId: '',
          alias: ALIAS,
        },
        took: 0.022,
        requestId: 'status-call-id',
      };
      conforms('GetRequestStatusResponse', reply);
      server.script({ status: 200, body: reply });
      const status = await client().getRequestStatus(REQUEST_ID);
      expect(status).toEqual({
        state: 'processed',
        requestId: REQUEST_ID,
        success: false, // isSuccess, the swagger's field, wins
        action: 'Close',
        status: 'Alert does not exist',
        alertId: '',
        alias: ALIAS,
        processedAt: '2026-10-09T08:00:01.123Z',
        integrationId: 'c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03',
        attempts: 1,
      });
      const seen = only();
      expect(seen.method).toBe('GET');
      expect(seen.url).toBe(`/v2/alerts/requests/${REQUEST_ID}`);
      expect(seen.headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(calls[0]).toMatchObject({ operation: 'requestStatus', outcome: 'processed', requestId: REQUEST_ID });
    });

    it('request status: pending while OpsGenie answers 404 RequestNotProcessed (not retried, not an error)', async () => {
      server.script({
        status: 404,
        headers: { 'X-Opsgenie-Errortype': 'RequestNotProcessed' },
        body: { message: 'Request not processed yet', took: 0.001, requestId: 'x' },
      });
      await expect(client().getRequestStatus(REQUEST_ID)).resolves.toEqual({ state: 'pending', requestId: REQUEST_ID, attempts: 1 });
      expect(sleeps).toEqual([]);
      expect(calls[0]).toMatchObject({ outcome: 'pending' });
    });

    it('request status: any other 404 is an OpsGenieApiError', async () => {
      server.script({ status: 404, body: { message: 'Request not found', took: 0.001, requestId: 'x' } });
      const error = await client()
        .getRequestStatus('nope')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpsGenieApiError);
      expect(error).toMatchObject({ status: 404, operation: 'requestStatus', apiMessage: 'Request not found' });
    });

    it('get alert: GET /v2/alerts/{alias}?identifierType=alias; found (open or closed) or not (404)', async () => {
      server.script({
        status: 200,
        body: {
          data: { id: 'a-1', tinyId: '7', alias: ALIAS, status: 'closed', acknowledged: true, count: 3 },
          took: 0.01,
          requestId: 'g',
        },
      });
      await expect(client().getAlert(ALIAS)).resolves.toEqual({
        found: true,
        alias: ALIAS,
        id: 'a-1',
        status: 'closed',
        acknowledged: true,
        count: 3,
        attempts: 1,
      });
      expect(only()).toMatchObject({ method: 'GET', url: `/v2/alerts/${ENCODED}?identifierType=alias` });
      expect(only().headers.authorization).toBe(`GenieKey ${KEY}`);
      server.script({ status: 404, body: { message: 'Alert with the given alias does not exist', took: 0.001, requestId: 'x' } });
      await expect(client().getAlert(ALIAS)).resolves.toEqual({ found: false, alias: ALIAS, attempts: 1 });
      server.script({ status: 503, body: { message: 'down' } }, { status: 404, body: { message: 'no' } });
      await expect(client().getAlert(ALIAS)).resolves.toMatchObject({ found: false, attempts: 2 });
      expect(calls.map((c) => [c.operation, c.outcome])).toEqual([
        ['getAlert', 'processed'],
        ['getAlert', 'processed'],
        ['getAlert', 'processed'],
      ]);
    });

    it('a resent create looks its alias up first: an alert that has it, open or closed, is not created again', async () => {
      const body = createAlertRequest(sampleFinding(), { stage: 'prod' }).body;
      for (const status of ['open', 'closed'] as const) {
        server.script({ status: 200, body: { data: { id: 'a-1', alias: body.alias, status }, took: 0.01, requestId: 'g' } });
        await expect(client().createAlert(body, { resend: true })).resolves.toMatchObject({
          operation: 'create',
          delivered: 0,
          existing: status,
        });
        expect(server.requests.map((r) => r.method)).toEqual(['GET']);
      }
      // No alert has it: created; the lookup and the create are two requests.
      server.script({ status: 404, body: { message: 'no', took: 0.001, requestId: 'x' } }, { status: 202, body: accepted });
      await expect(client().createAlert(body, { resend: true })).resolves.toMatchObject({ delivered: 1, requestId: REQUEST_ID });
      expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        `GET /v2/alerts/${encodeURIComponent(body.alias)}`,
        'POST /v2/alerts',
      ]);
      // A lookup that fails fails the resend: nothing is created blind.
      server.script({ status: 503, body: { message: 'down' } });
      await expect(client().createAlert(body, { resend: true })).rejects.toBeInstanceOf(RetryableDeliveryError);
      expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
      // Through the sink interface too; other operations ignore `resend`.
      server.script({ status: 200, body: { data: { id: 'a-1', alias: body.alias, status: 'closed' }, took: 0.01, requestId: 'g' } });
      await expect(
        client().deliver(createAlertRequest(sampleFinding(), { stage: 'prod', baseUrl: server.baseUrl }), { resend: true }),
      ).resolves.toMatchObject({ existing: 'closed' });
      server.script({ status: 202, body: accepted });
      await client().addNote(ALIAS, 'n');
      await client().deliver(
        { method: 'POST', url: `${server.baseUrl}/v2/alerts/${ENCODED}/notes?identifierType=alias`, body: { note: 'n' } },
        {
          resend: true,
        },
      );
      expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    });

    it('JSM: the same calls under /jsm/ops/integration, with the same scheme; no heartbeat ping there', async () => {
      const jsm = client({ flavour: 'jsm' });
      expect(jsm.name).toBe('jsm');
      await jsm.createAlert({ message: 'm', alias: ALIAS });
      await jsm.closeAlert(ALIAS);
      await jsm.getRequestStatus(REQUEST_ID).catch(() => undefined);
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /jsm/ops/integration/v2/alerts',
        `POST /jsm/ops/integration/v2/alerts/${ENCODED}/close?identifierType=alias`,
        `GET /jsm/ops/integration/v2/alerts/requests/${REQUEST_ID}`,
      ]);
      expect(server.requests.every((r) => r.headers.authorization === `GenieKey ${KEY}`)).toBe(true);
      await expect(jsm.pingHeartbeat('vigil')).rejects.toThrow(/no heartbeat ping/);
    });
  });

  describe('limits', () => {
    it('sends an over-long body cut to the limits and marked, and says what it cut', async () => {
      const result = await client().createAlert({
        message: 'm'.repeat(131),
        alias: `${'a'.repeat(600)}`,
        description: 'd'.repeat(15_001),
        tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
        details: { big: 'x'.repeat(8_001) },
      });
      expect(result.truncated).toEqual(['message', 'alias', 'description', 'tags', 'details']);
      const sent = JSON.parse(only().body);
      conforms('CreateAlertPayload', sent);
      expect(sent.message).toHaveLength(130);
      expect(sent.alias).toHaveLength(512);
      expect(sent.description).toHaveLength(15_000);
      expect(sent.tags).toHaveLength(20);
      expect(Object.entries(sent.details as Record<string, string>).reduce((n, [k, v]) => n + k.length + v.length, 0)).toBeLessThanOrEqual(
        8_000,
      );
      expect(sent.details[TRUNCATED_DETAIL]).toBe('message,alias,description,tags,details');
      expect(calls[0]!.truncated).toEqual(result.truncated);
    });

    it('a close of an over-long alias addresses the alert its create opened', async () => {
      const long = `vigil:prod:${'d'.repeat(600)}:finding-1`;
      await client().createAlert({ message: 'm', alias: long });
      await client().closeAlert(long);
      const created = JSON.parse(server.requests[0]!.body).alias as string;
      const closed = decodeURIComponent(new URL(server.requests[1]!.url, server.baseUrl).pathname.split('/')[3]!);
      expect(closed).toBe(created);
    });

    it('refuses, without sending, what no clipping fixes: no alias, a blank message, a blank note, a heartbeat name over 200', async () => {
      const c = client();
      for (const attempt of [
        () => c.createAlert({ message: 'm', alias: '' }),
        () => c.createAlert({ message: ' ', alias: ALIAS }),
        () => c.addNote(ALIAS, ''),
        () => c.closeAlert(''),
        () => c.pingHeartbeat('h'.repeat(201)),
        () => c.getRequestStatus(''),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PermanentDeliveryError);
        expect(error).toMatchObject({ attempts: 0 });
      }
      expect(server.requests).toHaveLength(0);
      expect(calls.every((c) => c.outcome === 'failed')).toBe(true);
    });
  });

  describe('retries', () => {
    it('honours Retry-After on a 429 (seconds), then succeeds', async () => {
      server.script(
        { status: 429, headers: { 'retry-after': '3' }, body: { message: 'Request throttled', took: 0.001, requestId: 'r-429' } },
        { status: 202, body: accepted },
      );
      const result = await client({ retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 60_000, sleep } }).addNote(ALIAS, 'n');
      expect(result).toMatchObject({ attempts: 2, status: 202, requestId: REQUEST_ID });
      expect(sleeps).toEqual([3000]);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[0]!.body).toBe(server.requests[1]!.body);
    });

    it('honours Retry-After as an HTTP date, and the rate-limit period when there is no Retry-After', async () => {
      const generous = { retries: 3, baseDelayMs: 1, maxDelayMs: 60_000, sleep };
      server.script(
        { status: 429, headers: { 'retry-after': new Date(Date.now() + 5_000).toUTCString() } },
        { status: 202, body: accepted },
      );
      await client({ retry: generous }).closeAlert(ALIAS);
      expect(sleeps[0]).toBeGreaterThan(3_000);
      expect(sleeps[0]).toBeLessThanOrEqual(5_000);
      server.script(
        { status: 429, headers: { 'x-ratelimit-state': 'THROTTLED', 'x-ratelimit-period-in-sec': '1' } },
        { status: 202, body: accepted },
      );
      await client({ retry: generous }).closeAlert(ALIAS);
      expect(sleeps[1]).toBe(1000);
    });

    it('retries a 503 with jittered exponential backoff and gives up after the budget with a RetryableDeliveryError', async () => {
      server.script({ status: 503, body: { message: 'Service Unavailable', took: 0.01, requestId: 'r-503' } });
      let i = 0;
      const random = () => [0, 0.5, 1][i++ % 3]!;
      const error = await client({ retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000, sleep, random } })
        .acknowledgeAlert(ALIAS)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error).toBeInstanceOf(AlertDeliveryError);
      expect(error).toMatchObject({ sink: 'opsgenie', operation: 'acknowledge', status: 503, attempts: 4, requestId: 'r-503' });
      expect((error as Error).message).toMatch(/gave up after 4 attempts: HTTP 503/);
      // Equal jitter: half of 100·2^(n-1) plus a random half.
      expect(sleeps).toEqual([50, 150, 400]);
      expect(calls).toEqual([
        expect.objectContaining({ outcome: 'failed', attempts: 4, status: 503, error: expect.stringMatching(/^RetryableDeliveryError/) }),
      ]);
    });

    it('retries a 500 and succeeds on the following 202', async () => {
      server.script({ status: 500 }, { status: 202, body: accepted });
      await expect(client().createAlert({ message: 'm', alias: ALIAS })).resolves.toMatchObject({ attempts: 2 });
    });

    it('retries a refused connection (ECONNREFUSED) and keeps the cause', async () => {
      const gone = new ScriptedServer();
      await gone.start();
      const url = gone.baseUrl;
      await gone.stop();
      const error = await client({ baseUrl: url, retry: { retries: 2, baseDelayMs: 1, sleep } })
        .createAlert({ message: 'm', alias: ALIAS })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error).toMatchObject({ attempts: 3 });
      expect((error as Error).message).toMatch(/network error: fetch failed: connect ECONNREFUSED/);
      expect((error as Error).cause).toBeDefined();
      expect(sleeps).toHaveLength(2);
    });

    it('retries a timeout (no answer) and gives up with a RetryableDeliveryError', async () => {
      server.script({ hang: true });
      const error = await client({ timeoutMs: 100, retry: { retries: 1, baseDelayMs: 1, sleep } })
        .addNote(ALIAS, 'n')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect((error as Error).message).toMatch(/timed out after 100 ms/);
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      [400, { message: 'Invalid JSON body', took: 0, requestId: 'r-400' }, 'invalid request', undefined],
      [401, { message: 'Key format is not valid!', took: 0, requestId: 'r-401' }, 'bad API key or integration disabled', undefined],
      [
        422,
        { message: 'Request body is not processable.', errors: { message: 'Message can not be empty.' }, took: 0, requestId: 'r-422' },
        'semantic error in body',
        { message: 'Message can not be empty.' },
      ],
    ])('does not retry %i: an OpsGenieApiError with the status and OpsGenie’s message', async (status, body, meaning, fieldErrors) => {
      server.script({ status, body });
      const error = await client()
        .createAlert({ message: 'm', alias: ALIAS })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpsGenieApiError);
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error).toMatchObject({
        name: 'OpsGenieApiError',
        status,
        operation: 'create',
        attempts: 1,
        apiMessage: body.message,
        requestId: body.requestId,
      });
      expect((error as OpsGenieApiError).fieldErrors).toEqual(fieldErrors);
      expect((error as Error).message).toContain(`HTTP ${status} ${meaning}: ${body.message}`);
      if (fieldErrors) expect((error as Error).message).toContain('message: Message can not be empty.');
      expect(inspect(error)).not.toContain(KEY);
      conforms('ErrorResponse', body);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('does not retry 501 (as the official SDK) nor a 4xx without a JSON body', async () => {
      server.script({ status: 501 });
      await expect(client().closeAlert(ALIAS)).rejects.toMatchObject({ name: 'OpsGenieApiError', status: 501 });
      server.script({ status: 403, body: '<html>Forbidden</html>' });
      await expect(client().closeAlert(ALIAS)).rejects.toMatchObject({ status: 403, apiMessage: '<html>Forbidden</html>' });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('the handler’s deadline', () => {
    it('gives up at once when Retry-After is longer than the time left, rather than sleep past the deadline', async () => {
      server.script({ status: 429, headers: { 'retry-after': '120' } }, { status: 202, body: accepted });
      const error = await client({ retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 300_000, sleep } })
        .createAlert({ message: 'm', alias: ALIAS }, { deadline: Date.now() + 1000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error).toMatchObject({ attempts: 1, status: 429 });
      expect((error as Error).cause).toBeInstanceOf(RetryDeadlineError);
      expect((error as Error).message).toMatch(/retry 1 would wait 120000 ms, past the deadline .*HTTP 429/);
      expect(sleeps).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });

    it('aborts a request in flight when the handler’s signal fires, and does not retry it', async () => {
      server.script({ hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const error = await client({ timeoutMs: 10_000 })
        .addNote(ALIAS, 'n', { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect((error as Error).cause).toMatchObject({ name: 'RetryDeadlineError', reason: 'aborted', attempts: 1 });
      expect(server.requests).toHaveLength(1);
    });

    it('clips the per-attempt timeout to the deadline, and sends nothing once it has passed', async () => {
      server.script({ hang: true });
      const started = Date.now();
      const error = await client({ timeoutMs: 10_000 })
        .getRequestStatus(REQUEST_ID, { deadline: Date.now() + 150 })
        .catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect((error as Error).cause).toMatchObject({ reason: 'deadline', attempts: 1 });
      server.script({ status: 202, body: accepted });
      const late = await client()
        .pingHeartbeat('vigil', { deadline: Date.now() - 1 })
        .catch((e: unknown) => e);
      expect(late).toBeInstanceOf(RetryableDeliveryError);
      expect((late as Error).cause).toMatchObject({ reason: 'deadline', attempts: 0 });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('deliver (the sink interface the router uses)', () => {
    it('sends the router’s create request and a stored close request, bounding their bodies', async () => {
      const request = createAlertRequest(sampleFinding({ title: 't'.repeat(200) }), { stage: 'prod', baseUrl: server.baseUrl });
      const result = await client().deliver(request);
      expect(result).toMatchObject({ operation: 'create', requestId: REQUEST_ID });
      expect(JSON.parse(server.requests[0]!.body)).toEqual(request.body);
      await client().deliver({
        method: 'POST',
        url: `${server.baseUrl}/v2/alerts/${ENCODED}/close?identifierType=alias`,
        body: { note: 'n' },
      });
      expect(server.requests[1]!.url).toBe(`/v2/alerts/${ENCODED}/close?identifierType=alias`);
    });

    it('never sends its key to another host or path, nor with the wrong method or identifier type', async () => {
      const c = client();
      const requests: OpsGenieRequest[] = [
        { method: 'POST' as const, url: 'https://evil.example.com/v2/alerts', body: { message: 'm', alias: ALIAS } },
        { method: 'POST' as const, url: `${server.baseUrl}/v2/alerts/x/snooze?identifierType=alias`, body: {} },
        { method: 'GET' as const, url: `${server.baseUrl}/v2/alerts` },
        { method: 'POST' as const, url: `${server.baseUrl}/v2/alerts/abc/close?identifierType=id`, body: {} },
        { method: 'GET' as const, url: `${server.baseUrl}/v2/alerts/requests/${REQUEST_ID}` },
        { method: 'GET' as const, url: `${server.baseUrl}/v2/alerts/${ENCODED}?identifierType=alias` },
      ];
      for (const request of requests) {
        await expect(c.deliver(request)).rejects.toBeInstanceOf(PermanentDeliveryError);
      }
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('the key', () => {
    it('is required, checked at construction, and never shown when the client, its log records or its errors are inspected', async () => {
      expect(() => new OpsGenieClient({ apiKey: ' ' })).toThrow(/apiKey is required/);
      expect(() => new OpsGenieClient({ apiKey: 'a b' })).toThrow(/whitespace/);
      expect(() => new OpsGenieClient({ apiKey: KEY, baseUrl: 'https://api.atlassian.com' })).toThrow(/set the flavour to jsm/);
      const c = client();
      expect(inspect(c, { showHidden: true, depth: 5 })).not.toContain(KEY);
      expect(JSON.stringify(c)).not.toContain(KEY);
      server.script({ status: 401, body: { message: 'Key format is not valid!', took: 0, requestId: 'r-401' } });
      const error = await c.createAlert({ message: 'm', alias: ALIAS }).catch((e: unknown) => e);
      expect(inspect(error, { depth: 10 })).not.toContain(KEY);
      expect(JSON.stringify(calls)).not.toContain(KEY);
    });

    it('a trailing newline from the secret is trimmed', async () => {
      await client({ apiKey: `${KEY}\n` }).closeAlert(ALIAS);
      expect(only().headers.authorization).toBe(`GenieKey ${KEY}`);
    });
  });
});
