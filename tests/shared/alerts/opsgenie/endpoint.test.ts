import { AlertRouterConfigSchema } from '../../../../functions/alert-router/manifest';
import {
  OPSGENIE_BASE_URLS,
  alertActionUrl,
  alertUrl,
  alertsUrl,
  heartbeatPingUrl,
  operationOfUrl,
  parseOpsGeniePath,
  requestStatusUrl,
  resolveOpsGenieEndpoint,
} from '../../../../shared/alerts';
import { ConfigError, readConfig } from '../../../../shared/config';

describe('Function: resolveOpsGenieEndpoint (base URL per stage)', () => {
  it.each([
    [{}, 'https://api.opsgenie.com'],
    [{ baseUrl: OPSGENIE_BASE_URLS.us }, 'https://api.opsgenie.com'],
    [{ baseUrl: `${OPSGENIE_BASE_URLS.eu}/` }, 'https://api.eu.opsgenie.com'],
    [{ flavour: 'jsm' as const }, 'https://api.atlassian.com/jsm/ops/integration'],
    [{ flavour: 'jsm' as const, baseUrl: 'https://api.atlassian.com' }, 'https://api.atlassian.com/jsm/ops/integration'],
    [
      { flavour: 'jsm' as const, baseUrl: 'https://api.atlassian.com/jsm/ops/integration/' },
      'https://api.atlassian.com/jsm/ops/integration',
    ],
    [{ baseUrl: 'http://127.0.0.1:8080' }, 'http://127.0.0.1:8080'],
    [{ flavour: 'jsm' as const, baseUrl: 'http://localhost:9000' }, 'http://localhost:9000/jsm/ops/integration'],
    [{ baseUrl: 'http://[::1]:7000' }, 'http://[::1]:7000'],
  ])('%j → %s', (options, apiRoot) => {
    expect(resolveOpsGenieEndpoint(options).apiRoot).toBe(apiRoot);
  });

  it.each([
    [{ baseUrl: 'not a url' }, /is not a URL/],
    [{ baseUrl: 'ftp://api.opsgenie.com' }, /must be https/],
    [{ baseUrl: 'http://api.opsgenie.com' }, /must be https \(plain http only to a loopback stand-in\)/],
    [{ baseUrl: 'https://api.opsgenie.co' }, /not a opsgenie host \(expected api.opsgenie.com or api.eu.opsgenie.com\)/],
    [{ baseUrl: 'https://api.atlassian.com' }, /api.atlassian.com is the jsm flavour's host: set the flavour to jsm/],
    [{ flavour: 'jsm' as const, baseUrl: OPSGENIE_BASE_URLS.eu }, /set the flavour to opsgenie/],
    [{ baseUrl: 'https://api.opsgenie.com/v2/alerts' }, /has the path \/v2\/alerts \(expected no path\)/],
    [{ flavour: 'jsm' as const, baseUrl: 'https://api.atlassian.com/jsm/ops/api' }, /expected no path or \/jsm\/ops\/integration/],
    [{ baseUrl: 'https://user:secret@api.opsgenie.com' }, /must not carry credentials/],
    [{ baseUrl: 'https://api.opsgenie.com/?apiKey=abc' }, /must not have a query/],
    [{ flavour: 'pagerduty' as never }, /unknown OpsGenie flavour/],
  ])('refuses %j', (options, reason) => {
    expect(() => resolveOpsGenieEndpoint(options)).toThrow(ConfigError);
    expect(() => resolveOpsGenieEndpoint(options)).toThrow(reason);
  });

  it('never echoes credentials found in a refused URL', () => {
    expect(() => resolveOpsGenieEndpoint({ baseUrl: 'https://user:s3cr3t@api.opsgenie.com' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });

  it('is checked at the router’s cold start, with the variable named', () => {
    const env = {
      STAGE: 'prod',
      EVENT_BUS_NAME: 'vigil-prod',
      IDEMPOTENCY_TABLE: 'i',
      QUARANTINE_TABLE: 'q',
      FIELD_KEY_ID: 'k',
      OUTBOX_TABLE: 'o',
      OPSGENIE_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil-prod/opsgenie-api-key-AbCdEf',
      SIEM_HEC_URL: 'https://splunk.example.com:8088',
      SIEM_HEC_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil-prod/splunk-hec-token-AbCdEf',
    };
    expect(readConfig(AlertRouterConfigSchema, { ...env, OPSGENIE_BASE_URL: OPSGENIE_BASE_URLS.eu }, 'alert-router')).toMatchObject({
      OPSGENIE_FLAVOUR: 'opsgenie',
      OPSGENIE_BASE_URL: 'https://api.eu.opsgenie.com',
    });
    expect(
      readConfig(AlertRouterConfigSchema, { ...env, OPSGENIE_FLAVOUR: 'jsm', OPSGENIE_BASE_URL: OPSGENIE_BASE_URLS.jsm }, 'r'),
    ).toBeTruthy();
    expect(() => readConfig(AlertRouterConfigSchema, { ...env, OPSGENIE_BASE_URL: 'https://api.atlassian.com' }, 'alert-router')).toThrow(
      /OPSGENIE_BASE_URL: OpsGenie base URL https:\/\/api.atlassian.com is not a opsgenie host .*set the flavour to jsm/,
    );
  });
});

describe('URLs of each operation', () => {
  const og = resolveOpsGenieEndpoint({ baseUrl: OPSGENIE_BASE_URLS.eu });
  const jsm = resolveOpsGenieEndpoint({ flavour: 'jsm' });
  const alias = 'vigil:prod:iam-user/created:abc 1';

  it('puts the alias URL-encoded in the path, with identifierType=alias', () => {
    expect(alertsUrl(og)).toBe('https://api.eu.opsgenie.com/v2/alerts');
    expect(alertActionUrl(og, alias, 'close')).toBe(
      'https://api.eu.opsgenie.com/v2/alerts/vigil%3Aprod%3Aiam-user%2Fcreated%3Aabc%201/close?identifierType=alias',
    );
    expect(alertActionUrl(og, alias, 'acknowledge')).toContain('/acknowledge?identifierType=alias');
    expect(alertActionUrl(og, alias, 'addNote')).toContain('/notes?identifierType=alias');
    expect(requestStatusUrl(og, 'r-1')).toBe('https://api.eu.opsgenie.com/v2/alerts/requests/r-1');
    expect(heartbeatPingUrl(og, 'vigil prod')).toBe('https://api.eu.opsgenie.com/v2/heartbeats/vigil%20prod/ping');
    expect(alertActionUrl(jsm, alias, 'close')).toMatch(/^https:\/\/api.atlassian.com\/jsm\/ops\/integration\/v2\/alerts\/vigil%3A/);
  });

  it('parses each URL back to its operation and identifier', () => {
    expect(operationOfUrl(og, alertActionUrl(og, alias, 'addNote'))).toEqual({
      operation: 'addNote',
      identifier: alias,
      identifierType: 'alias',
    });
    expect(operationOfUrl(jsm, alertActionUrl(jsm, alias, 'close'))).toEqual({
      operation: 'close',
      identifier: alias,
      identifierType: 'alias',
    });
    expect(operationOfUrl(og, alertsUrl(og))).toEqual({ operation: 'create' });
    expect(operationOfUrl(og, requestStatusUrl(og, 'r-1'))).toEqual({ operation: 'requestStatus', requestId: 'r-1' });
    expect(operationOfUrl(og, heartbeatPingUrl(og, 'vigil prod'))).toEqual({ operation: 'heartbeatPing', name: 'vigil prod' });
    expect(parseOpsGeniePath('/v2/alerts/x/close')).toEqual({ operation: 'close', identifier: 'x', identifierType: 'id' });
    expect(alertUrl(og, alias)).toBe(`https://api.eu.opsgenie.com/v2/alerts/${encodeURIComponent(alias)}?identifierType=alias`);
    expect(operationOfUrl(og, alertUrl(og, alias))).toEqual({ operation: 'getAlert', identifier: alias, identifierType: 'alias' });
  });

  it('names no operation for another host, another flavour’s path or a path Vigil never calls', () => {
    expect(operationOfUrl(og, 'https://api.opsgenie.com/v2/alerts')).toEqual({ problem: expect.stringContaining('not under') });
    expect(operationOfUrl(jsm, 'https://api.atlassian.com/v2/alerts')).toEqual({ problem: expect.stringContaining('not under') });
    expect(operationOfUrl(og, 'https://api.eu.opsgenie.com/v2/alerts/x/snooze')).toEqual({ problem: expect.stringContaining('not an') });
    expect(parseOpsGeniePath('/v1/alerts')).toBeUndefined();
  });
});
