import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  OPSGENIE_BASE_URLS,
  alertsEndpoint,
  createAlertRequest,
  opsGenieAlias,
  opsGenieAuthorization,
  toOpsGenieCreateAlert,
  type OpsGenieCreateAlertBody,
  type OpsGenieResponder,
} from '../../../shared/alerts';
import { sampleFinding } from './sampleFinding';

// Structure: OpsGenie's own CreateAlertPayload (tests/conformance/OPSGENIE.md).
const schema = JSON.parse(readFileSync(join(__dirname, '../../conformance/opsgenie-create-alert.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/**
 * Limits: the documented field table (Alert API v2 docs, as summarised in the reference notes §1.3),
 * written out here independently of the implementation's constants.
 */
function limitViolations(body: OpsGenieCreateAlertBody): string[] {
  const v: string[] = [];
  const max = (field: string, value: string | undefined, limit: number): void => {
    if (value !== undefined && value.length > limit) v.push(`${field} ${value.length} > ${limit}`);
  };
  max('message', body.message, 130);
  if (body.message.trim() === '') v.push('message empty');
  max('alias', body.alias, 512);
  max('description', body.description, 15_000);
  max('entity', body.entity, 512);
  max('source', body.source, 100);
  max('user', body.user, 100);
  max('note', body.note, 25_000);
  if ((body.responders?.length ?? 0) > 50) v.push('responders > 50');
  if ((body.visibleTo?.length ?? 0) > 50) v.push('visibleTo > 50');
  if ((body.actions?.length ?? 0) > 10) v.push('actions > 10');
  for (const a of body.actions ?? []) max(`action ${a}`, a, 50);
  if (body.tags.length > 20) v.push(`tags ${body.tags.length} > 20`);
  for (const t of body.tags) max(`tag ${t}`, t, 50);
  const detailsChars = Object.entries(body.details).reduce((n, [k, val]) => n + k.length + val.length, 0);
  if (detailsChars > 8_000) v.push(`details ${detailsChars} > 8000`);
  for (const r of [...(body.responders ?? []), ...(body.visibleTo ?? [])]) {
    if (!['team', 'user', 'escalation', 'schedule'].includes(r.type)) v.push(`responder type ${r.type}`);
  }
  return v;
}

function expectValid(body: OpsGenieCreateAlertBody): void {
  const ok = validate(body);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  expect(limitViolations(body)).toEqual([]);
}

const opts = { stage: 'prod', team: 'secops' };

describe('Function: toOpsGenieCreateAlert', () => {
  it('builds a body that OpsGenie’s CreateAlertPayload schema accepts', () => {
    // Prepare / Act
    const body = toOpsGenieCreateAlert(sampleFinding(), opts);
    // Assess
    expectValid(body);
    expect(body).toMatchObject({
      message: 'CloudTrail logging stopped on trail org-trail',
      alias: 'vigil:prod:cloudtrail-stopped-or-deleted:3f9c2a1b7d4e8f60a1b2c3d4e5f60718',
      responders: [{ type: 'team', name: 'secops' }],
      entity: 'arn:aws:iam::111122223333:role/ci-deployer',
      source: 'vigil',
      priority: 'P1',
      user: 'Vigil',
    });
    expect(body.tags).toEqual(['cloudtrail-stopped-or-deleted', 'severity:critical', 'stage:prod', 'T1562.008']);
    expect(body.details).toMatchObject({
      findingId: '3f9c2a1b7d4e8f60a1b2c3d4e5f60718',
      detection: 'cloudtrail-stopped-or-deleted',
      subject: 'arn:aws:iam::111122223333:role/ci-deployer',
      count: '2',
      firstSeen: '2026-10-09T07:57:09.000Z',
      lastSeen: '2026-10-09T07:58:41.250Z',
      eventIds: '6f8e2b1c-0d3a-4c5e-9f7a-1b2c3d4e5f60,7a9f3c2d-1e4b-4d6f-8a0b-2c3d4e5f6071',
      runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
      account: '111122223333',
      region: 'eu-west-1',
      'evidence.readOnly': 'false',
    });
    expect(body.description).toContain('StopLogging was called');
    expect(body.description).toContain('Runbook: docs/runbooks/cloudtrail-stopped-or-deleted.md');
    expect(body.note).toBeUndefined();
    expect(body.actions).toBeUndefined();
  });

  it('the schema itself rejects what it should (missing message, bad priority, non-string details, bad responder)', () => {
    const body = toOpsGenieCreateAlert(sampleFinding(), opts);
    const { message: _omit, ...noMessage } = body;
    expect(validate(noMessage)).toBe(false);
    expect(validate({ ...body, priority: 'P9' })).toBe(false);
    expect(validate({ ...body, details: { count: 2 } })).toBe(false);
    expect(validate({ ...body, responders: [{ name: 'secops' }] })).toBe(false);
  });

  it.each([
    ['critical', 'P1'],
    ['high', 'P2'],
    ['medium', 'P3'],
    ['low', 'P4'],
    ['info', 'P5'],
  ] as const)('priority for %s is %s', (severity, priority) => {
    expect(toOpsGenieCreateAlert(sampleFinding({ severity }), opts).priority).toBe(priority);
  });

  it('truncates a long title to 130 characters with an ellipsis, on one line', () => {
    const title = `Very\nlong ${'x'.repeat(500)}`;
    const body = toOpsGenieCreateAlert(sampleFinding({ title }), opts);
    expect(body.message).toHaveLength(130);
    expect(body.message.endsWith('…')).toBe(true);
    expect(body.message.startsWith('Very long x')).toBe(true);
    expectValid(body);
  });

  it('never splits a surrogate pair when truncating', () => {
    const body = toOpsGenieCreateAlert(sampleFinding({ title: `${'a'.repeat(128)}😀😀😀` }), opts);
    expect(body.message.length).toBeLessThanOrEqual(130);
    expect(body.message).toBe(`${'a'.repeat(128)}…`);
    expect(() => encodeURIComponent(body.message)).not.toThrow();
  });

  it('keeps at most 20 tags of at most 50 characters, routing tags before MITRE ids', () => {
    const extraTags = Array.from({ length: 30 }, (_, i) => `team-tag-${i}`);
    const mitre = Array.from({ length: 10 }, (_, i) => `T10${String(i).padStart(2, '0')}`);
    const body = toOpsGenieCreateAlert(sampleFinding({ mitre }), { ...opts, extraTags: [`${'long'.repeat(30)}`, ...extraTags] });
    expectValid(body);
    expect(body.tags).toHaveLength(20);
    expect(body.tags.slice(0, 3)).toEqual(['cloudtrail-stopped-or-deleted', 'severity:critical', 'stage:prod']);
    expect(body.tags[3]).toHaveLength(50);
    expect(body.tags).toContain('team-tag-0');
    expect(body.tags.some((t) => t.startsWith('T10'))).toBe(false);
  });

  it('deduplicates tags and drops blank ones', () => {
    const body = toOpsGenieCreateAlert(sampleFinding({ mitre: ['T1562.008', 'T1562.008', ' '] }), {
      ...opts,
      extraTags: ['stage:prod', ''],
    });
    expect(body.tags).toEqual(['cloudtrail-stopped-or-deleted', 'severity:critical', 'stage:prod', 'T1562.008']);
  });

  it('keeps details within 8,000 characters however big the finding is', () => {
    const evidence = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, 'v'.repeat(500)]));
    const eventIds = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(8, '0')}-0d3a-4c5e-9f7a-1b2c3d4e5f60`);
    const finding = sampleFinding({
      evidence,
      eventIds,
      count: 5000,
      subject: 's'.repeat(5000),
      runbook: `docs/runbooks/${'r'.repeat(2000)}.md`,
      resources: Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::bucket-${i}`),
    });
    const body = toOpsGenieCreateAlert(finding, opts);
    expectValid(body);
    // Identity fields survive (clipped), the id list is shortened with a count of what was left out.
    expect(body.details.findingId).toBe(finding.id);
    expect(body.details.subject!.length).toBeLessThanOrEqual(512);
    expect(body.details.eventIds).toMatch(/^00000000-0d3a-4c5e-9f7a-1b2c3d4e5f60,.* \(\+\d+ more\)$/);
    const listed = body.details.eventIds!.replace(/ \(\+\d+ more\)$/, '').split(',').length;
    expect(body.details.eventIds).toContain(`(+${5000 - listed} more)`);
    expect(Object.values(body.details).every((v) => typeof v === 'string')).toBe(true);
  });

  it('says how many events are missing when count exceeds the ids held', () => {
    const body = toOpsGenieCreateAlert(sampleFinding({ count: 7 }), opts);
    expect(body.details.eventIds).toBe('6f8e2b1c-0d3a-4c5e-9f7a-1b2c3d4e5f60,7a9f3c2d-1e4b-4d6f-8a0b-2c3d4e5f6071 (+5 more)');
  });

  it('bounds description, entity, source, user and note', () => {
    const body = toOpsGenieCreateAlert(sampleFinding({ description: 'd'.repeat(40_000), subject: 'e'.repeat(2000) }), {
      ...opts,
      source: 's'.repeat(300),
      user: 'u'.repeat(300),
      note: 'n'.repeat(30_000),
    });
    expectValid(body);
    expect(body.description).toHaveLength(15_000);
    // The structured trailer survives a huge free-text description.
    expect(body.description).toContain(`Finding: ${sampleFinding().id}`);
    expect(body.entity).toHaveLength(512);
    expect(body.source).toHaveLength(100);
    expect(body.user).toHaveLength(100);
    expect(body.note).toHaveLength(25_000);
  });

  it('bounds actions, responders and visibleTo, and refuses responder types invalid for alerts', () => {
    const responders: OpsGenieResponder[] = Array.from({ length: 60 }, (_, i) => ({ type: 'user', username: `u${i}@example.com` }));
    const body = toOpsGenieCreateAlert(sampleFinding(), {
      ...opts,
      responders,
      visibleTo: responders,
      actions: Array.from({ length: 15 }, (_, i) => `action-${i}-${'a'.repeat(80)}`),
    });
    expectValid(body);
    expect(body.responders).toHaveLength(50);
    expect(body.responders![0]).toEqual({ type: 'team', name: 'secops' });
    expect(body.visibleTo).toHaveLength(50);
    expect(body.actions).toHaveLength(10);
    expect(() => toOpsGenieCreateAlert(sampleFinding(), { ...opts, responders: [{ type: 'all' } as never] })).toThrow(
      /not valid for alerts/,
    );
    expect(() => toOpsGenieCreateAlert(sampleFinding(), { ...opts, responders: [{ type: 'team' }] })).toThrow(/needs an id or a name/);
  });

  it('falls back to the detection id when the title is blank', () => {
    expect(toOpsGenieCreateAlert(sampleFinding({ title: '  \n ' }), opts).message).toBe('cloudtrail-stopped-or-deleted');
  });

  it('requires a stage (it is part of the alias)', () => {
    expect(() => toOpsGenieCreateAlert(sampleFinding(), { stage: ' ' })).toThrow(/stage is required/);
  });

  it('is deterministic', () => {
    expect(toOpsGenieCreateAlert(sampleFinding(), opts)).toEqual(toOpsGenieCreateAlert(sampleFinding(), opts));
  });
});

describe('Function: opsGenieAlias', () => {
  it('is stable per finding and stage, and differs across stages and windows', () => {
    const a = opsGenieAlias(sampleFinding(), 'prod');
    expect(a).toBe(opsGenieAlias(sampleFinding({ count: 99, title: 'other' }), 'prod'));
    expect(a).not.toBe(opsGenieAlias(sampleFinding(), 'dev'));
    expect(a).not.toBe(opsGenieAlias(sampleFinding({ id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }), 'prod'));
  });

  it('keeps to a URL-safe charset and keeps distinct inputs distinct', () => {
    const a = opsGenieAlias({ detection: 'weird detection/id', id: 'x' }, 'my stage');
    const b = opsGenieAlias({ detection: 'weird_detection_id', id: 'x' }, 'my stage');
    expect(a).toMatch(/^[A-Za-z0-9:._-]+$/);
    expect(a).not.toBe(b);
    expect(encodeURIComponent(a)).toBe(a.replace(/:/g, '%3A'));
  });

  it('stays within 512 characters, still unique', () => {
    const a = opsGenieAlias({ detection: 'd'.repeat(600), id: '1' }, 'prod');
    const b = opsGenieAlias({ detection: 'd'.repeat(600), id: '2' }, 'prod');
    expect(a.length).toBeLessThanOrEqual(512);
    expect(a).not.toBe(b);
  });
});

describe('Function: createAlertRequest', () => {
  it('POSTs to the US host by default', () => {
    const request = createAlertRequest(sampleFinding(), opts);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.opsgenie.com/v2/alerts');
    expectValid(request.body);
  });

  it('uses the EU host or any base URL given, trailing slash or not', () => {
    expect(createAlertRequest(sampleFinding(), { ...opts, baseUrl: OPSGENIE_BASE_URLS.eu }).url).toBe(
      'https://api.eu.opsgenie.com/v2/alerts',
    );
    expect(createAlertRequest(sampleFinding(), { ...opts, baseUrl: 'http://127.0.0.1:8080/' }).url).toBe('http://127.0.0.1:8080/v2/alerts');
  });

  it('uses the JSM ops integration path for the jsm flavour, with the same body', () => {
    const jsm = createAlertRequest(sampleFinding(), { ...opts, flavour: 'jsm' });
    expect(jsm.url).toBe('https://api.atlassian.com/jsm/ops/integration/v2/alerts');
    expect(jsm.body).toEqual(createAlertRequest(sampleFinding(), opts).body);
    expect(alertsEndpoint({ flavour: 'jsm', baseUrl: 'http://localhost:9000' })).toBe(
      'http://localhost:9000/jsm/ops/integration/v2/alerts',
    );
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => alertsEndpoint({ baseUrl: 'ftp://example.com' })).toThrow(/http/);
    expect(() => alertsEndpoint({ baseUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('authorises both flavours with the GenieKey scheme', () => {
    expect(opsGenieAuthorization('k-1')).toBe('GenieKey k-1');
    expect(opsGenieAuthorization('k-1', 'jsm')).toBe('GenieKey k-1');
  });
});
