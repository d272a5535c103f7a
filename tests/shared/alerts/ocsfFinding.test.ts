import { toAttacks, toOcsfDetectionFinding, type OcsfDetectionFinding } from '../../../shared/alerts';
import { SEVERITIES } from '../../../shared/findings/types';
import { sampleFinding } from './sampleFinding';

const opts = { productVersion: '0.1.0', stage: 'prod' };

/**
 * Requirements of OCSF 1.3.0 Detection Finding, resolved through `extends` (reference notes §3.2,
 * "Resolved requirements" and "Nested objects"), plus the object rules of the objects we emit
 * (analytic.type_id required; attack at_least_one of tactic/technique/sub_technique; observable
 * name and type_id required; evidences at_least_one of its artefacts, `data` included;
 * related_event.uid required; cloud.provider required).
 */
function requirementViolations(r: OcsfDetectionFinding): string[] {
  const v: string[] = [];
  const rec = r as unknown as Record<string, unknown>;
  for (const f of ['activity_id', 'category_uid', 'class_uid', 'finding_info', 'metadata', 'severity_id', 'time', 'type_uid']) {
    if (rec[f] === undefined || rec[f] === null) v.push(`missing ${f}`);
  }
  if (!r.metadata?.version) v.push('missing metadata.version');
  if (!r.metadata?.product) v.push('missing metadata.product');
  if (!r.metadata?.product?.vendor_name) v.push('missing metadata.product.vendor_name (required ≤ 1.3)');
  if (!r.metadata?.product?.name && !(r.metadata?.product as { uid?: string } | undefined)?.uid) v.push('product needs name or uid');
  if (!r.finding_info?.uid) v.push('missing finding_info.uid');
  if (!r.finding_info?.title) v.push('missing finding_info.title (required ≤ 1.3)');
  if (r.finding_info?.analytic && typeof r.finding_info.analytic.type_id !== 'number') v.push('analytic.type_id');
  for (const a of r.finding_info?.attacks ?? []) if (!a.tactic && !a.technique && !a.sub_technique) v.push('empty attack');
  for (const o of r.observables ?? []) if (!o.name || typeof o.type_id !== 'number') v.push('observable name/type_id');
  for (const e of r.evidences ?? []) if (Object.keys(e).length === 0) v.push('empty evidence');
  for (const e of r.finding_info?.related_events ?? []) if (!e.uid) v.push('related_event.uid');
  if (r.cloud && !r.cloud.provider) v.push('cloud.provider');
  if (!Number.isInteger(r.time)) v.push('time not integer ms');
  if (r.class_uid !== r.category_uid * 1000 + 4) v.push('class_uid != category_uid*1000+4');
  if (r.type_uid !== r.class_uid * 100 + r.activity_id) v.push('type_uid arithmetic');
  return v;
}

function hasKeyDeep(value: unknown, key: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => hasKeyDeep(item, key));
  return Object.entries(value).some(([k, v]) => k === key || hasKeyDeep(v, key));
}

describe('Function: toOcsfDetectionFinding', () => {
  it('emits a Detection Finding 2004 with every required field of OCSF 1.3.0', () => {
    // Prepare / Act
    const record = toOcsfDetectionFinding(sampleFinding(), opts);
    // Assess
    expect(requirementViolations(record)).toEqual([]);
    expect(record).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      metadata: {
        version: '1.3.0',
        product: { name: 'Vigil', vendor_name: 'Vigil', version: '0.1.0' },
        event_code: 'cloudtrail-stopped-or-deleted',
      },
      finding_info: {
        uid: '3f9c2a1b7d4e8f60a1b2c3d4e5f60718',
        title: 'CloudTrail logging stopped on trail org-trail',
        analytic: { uid: 'cloudtrail-stopped-or-deleted', name: 'cloudtrail-stopped-or-deleted', type_id: 1 },
        related_events: [{ uid: '6f8e2b1c-0d3a-4c5e-9f7a-1b2c3d4e5f60' }, { uid: '7a9f3c2d-1e4b-4d6f-8a0b-2c3d4e5f6071' }],
      },
      cloud: { provider: 'AWS', account: { uid: '111122223333' }, region: 'eu-west-1' },
      resources: [{ uid: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' }],
      status_id: 1,
      count: 2,
    });
  });

  it('uses epoch milliseconds: time = lastSeen, first/last seen on finding_info', () => {
    const record = toOcsfDetectionFinding(sampleFinding(), opts);
    expect(record.time).toBe(Date.parse('2026-10-09T07:58:41.250Z'));
    expect(record.end_time).toBe(record.time);
    expect(record.start_time).toBe(Date.parse('2026-10-09T07:57:09.000Z'));
    expect(record.finding_info.first_seen_time).toBe(record.start_time);
    expect(record.finding_info.last_seen_time).toBe(record.time);
  });

  it.each([
    ['critical', 5, 'Critical'],
    ['high', 4, 'High'],
    ['medium', 3, 'Medium'],
    ['low', 2, 'Low'],
    ['info', 1, 'Informational'],
  ] as const)('maps severity %s to severity_id %i (%s)', (severity, id, label) => {
    const record = toOcsfDetectionFinding(sampleFinding({ severity }), opts);
    expect(record.severity_id).toBe(id);
    expect(record.severity).toBe(label);
  });

  it('covers every Vigil severity', () => {
    for (const severity of SEVERITIES) expect(requirementViolations(toOcsfDetectionFinding(sampleFinding({ severity }), opts))).toEqual([]);
  });

  it('is a Create whatever the count; Update and Close only when asked, type_uid following', () => {
    expect(toOcsfDetectionFinding(sampleFinding({ count: 1 }), opts).activity_id).toBe(1);
    expect(toOcsfDetectionFinding(sampleFinding({ count: 500 }), opts).type_uid).toBe(200401);
    const update = toOcsfDetectionFinding(sampleFinding(), { ...opts, activity: 'update' });
    expect([update.activity_id, update.type_uid, update.status_id]).toEqual([2, 200402, 1]);
    const close = toOcsfDetectionFinding(sampleFinding(), { ...opts, activity: 'close' });
    expect([close.activity_id, close.type_uid, close.status_id, close.status]).toEqual([3, 200403, 4, 'Resolved']);
    expect(update.metadata.uid).not.toBe(close.metadata.uid);
  });

  it('an Update carries the occurrence count and last seen of the finding it is given, under its own uid', () => {
    const created = toOcsfDetectionFinding(sampleFinding(), opts);
    const later = sampleFinding({ count: 7, lastSeen: '2026-10-09T09:12:00.000Z' });
    const update = toOcsfDetectionFinding(later, { ...opts, activity: 'update' });
    expect(update).toMatchObject({ activity_name: 'Update', type_name: 'Detection Finding: Update', count: 7 });
    expect([update.time, update.end_time, update.finding_info.last_seen_time]).toEqual(Array(3).fill(Date.parse(later.lastSeen)));
    expect(update.finding_info.uid).toBe(created.finding_info.uid);
    expect(update.metadata.uid).not.toBe(created.metadata.uid);
    // A redelivered update of the same occurrence repeats its uid, so the SIEM can deduplicate it.
    expect(toOcsfDetectionFinding(later, { ...opts, activity: 'update' }).metadata.uid).toBe(update.metadata.uid);
  });

  it('never carries raw event data, nor the dedup key in plaintext', () => {
    // A subject that would be Restricted arrives pseudonymised upstream; the record adds nothing raw.
    const finding = sampleFinding({ subject: 'psn:user:4f1c9a0e7b2d', dedupKey: 'alice@example.com' });
    const record = toOcsfDetectionFinding(finding, opts);
    expect(hasKeyDeep(record, 'raw_data')).toBe(false);
    expect(JSON.stringify(record)).not.toContain('alice@example.com');
    expect(record.unmapped.subject).toBe('psn:user:4f1c9a0e7b2d');
  });

  it('correlates findings of one detection + dedup key across windows', () => {
    const a = toOcsfDetectionFinding(sampleFinding({ id: 'a'.repeat(32) }), opts);
    const b = toOcsfDetectionFinding(sampleFinding({ id: 'b'.repeat(32) }), opts);
    const other = toOcsfDetectionFinding(sampleFinding({ dedupKey: 'something else' }), opts);
    expect(a.metadata.correlation_uid).toBe(b.metadata.correlation_uid);
    expect(a.metadata.correlation_uid).not.toBe(other.metadata.correlation_uid);
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
  });

  it('places the subject at an attribute OCSF defines and names it there: identity, address, or resource', () => {
    const subjectOf = (subject: string) => toOcsfDetectionFinding(sampleFinding({ subject, resources: [] }), opts);
    const role = subjectOf('arn:aws:iam::111122223333:role/ci-deployer');
    expect(role.evidences?.[0]?.user).toEqual({ uid: 'arn:aws:iam::111122223333:role/ci-deployer' });
    expect(role.observables[0]).toMatchObject({ name: 'evidences[0].user.uid', type_id: 10 });
    for (const ip of ['198.51.100.7', '2001:db8::1']) {
      expect(subjectOf(ip).evidences?.[0]?.src_endpoint).toEqual({ ip });
      expect(subjectOf(ip).observables[0]).toMatchObject({ name: 'evidences[0].src_endpoint.ip', type_id: 2, value: ip });
    }
    expect(subjectOf('cognito:4f1c').observables[0]).toMatchObject({ name: 'evidences[0].user.uid', type_id: 99 });
    const trail = subjectOf('arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail');
    expect(trail.resources).toEqual([{ uid: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' }]);
    expect(trail.observables).toEqual([
      { name: 'resources[0].uid', type_id: 10, type: 'Resource UID', value: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' },
    ]);
    expect(subjectOf('psn:user:4f1c').observables[0]).toMatchObject({ name: 'resources[0].uid', type_id: 99, type: 'Subject' });
    expect(subjectOf('psn:user:4f1c').unmapped.subject).toBe('psn:user:4f1c');
  });

  it('omits optional parts it has nothing for', () => {
    const bare = { mitre: [], evidence: {}, resources: [], eventIds: [], description: '', subject: '' };
    const record = toOcsfDetectionFinding(sampleFinding(bare), opts);
    expect(requirementViolations(record)).toEqual([]);
    expect(record.finding_info.attacks).toBeUndefined();
    expect(record.evidences).toBeUndefined();
    expect(record.resources).toBeUndefined();
    expect(record.finding_info.related_events).toBeUndefined();
    expect(record.finding_info.desc).toBeUndefined();
  });

  it('refuses a finding whose timestamps are not dates', () => {
    expect(() => toOcsfDetectionFinding(sampleFinding({ lastSeen: 'yesterday' }), opts)).toThrow(/lastSeen/);
  });

  it('is deterministic and JSON-clean', () => {
    const record = toOcsfDetectionFinding(sampleFinding(), opts);
    expect(toOcsfDetectionFinding(sampleFinding(), opts)).toEqual(record);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('Function: toAttacks', () => {
  it('maps techniques, sub-techniques and tactics', () => {
    expect(toAttacks(['T1078', 't1078.004', 'TA0005', 'T1078', 'custom-x'])).toEqual([
      { technique: { uid: 'T1078' } },
      { technique: { uid: 'T1078' }, sub_technique: { uid: 'T1078.004' } },
      { tactic: { uid: 'TA0005' } },
      { technique: { uid: 'custom-x' } },
    ]);
  });
});
