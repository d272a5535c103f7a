import {
  OpsGenieLimitError,
  TRUNCATED_DETAIL,
  boundActionBody,
  boundAlias,
  boundCreateAlert,
  boundNoteBody,
  checkHeartbeatName,
  opsGenieAlias,
  toOpsGenieCreateAlert,
  type OpsGenieAlertPayload,
} from '../../../../shared/alerts';
import { sampleFinding } from '../sampleFinding';

/** The documented limits, written out here independently of the implementation's table. */
const LIMIT = { message: 130, alias: 512, description: 15_000, tags: 20, tag: 50, details: 8_000, note: 25_000, entity: 512 };
const MARK = ' … [truncated]';

const base: OpsGenieAlertPayload & { details?: Record<string, string> } = {
  message: 'CloudTrail logging stopped',
  alias: 'vigil:prod:cloudtrail-stopped-or-deleted:abc',
};
const detailsChars = (details: Record<string, string> = {}) => Object.entries(details).reduce((n, [k, v]) => n + k.length + v.length, 0);

describe('Function: boundCreateAlert', () => {
  it('leaves a body within every limit untouched and unmarked', () => {
    const body: OpsGenieAlertPayload = {
      ...base,
      message: 'm'.repeat(LIMIT.message),
      description: 'd'.repeat(LIMIT.description),
      tags: Array.from({ length: LIMIT.tags }, (_, i) => `${i}`.padEnd(LIMIT.tag, 't')),
      details: { k: 'v'.repeat(LIMIT.details - 1) },
      note: 'n'.repeat(LIMIT.note),
    };
    const { body: out, truncated } = boundCreateAlert(body);
    expect(out).toEqual(body);
    expect(truncated).toEqual([]);
    expect(out.details).not.toHaveProperty(TRUNCATED_DETAIL);
  });

  it('cuts a 131-character message to 130 ending in an ellipsis, and lists it in the details marker', () => {
    const { body, truncated } = boundCreateAlert({ ...base, message: 'm'.repeat(131) });
    expect(body.message).toBe(`${'m'.repeat(129)}…`);
    expect(truncated).toEqual(['message']);
    expect(body.details).toEqual({ [TRUNCATED_DETAIL]: 'message' });
  });

  it('cuts a description and a note one over the limit, marked at the end', () => {
    const { body, truncated } = boundCreateAlert({ ...base, description: 'd'.repeat(15_001), note: 'n'.repeat(25_001) });
    expect(body.description).toHaveLength(LIMIT.description);
    expect(body.description!.endsWith(MARK)).toBe(true);
    expect(body.note).toHaveLength(LIMIT.note);
    expect(body.note!.endsWith(MARK)).toBe(true);
    expect(truncated).toEqual(['description', 'note']);
  });

  it('keeps 20 tags of 50 characters; the 21st is dropped and a 51-character tag is cut, both marked', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `tag-${i}`);
    expect(boundCreateAlert({ ...base, tags: twenty }).truncated).toEqual([]);
    const { body, truncated } = boundCreateAlert({ ...base, tags: [...twenty, 'tag-20'] });
    expect(body.tags).toEqual(twenty);
    expect(truncated).toEqual(['tags']);
    const long = boundCreateAlert({ ...base, tags: ['x'.repeat(51), 'y'.repeat(50)] });
    expect(long.body.tags).toEqual([`${'x'.repeat(49)}…`, 'y'.repeat(50)]);
    expect(long.body.details![TRUNCATED_DETAIL]).toBe('tags');
  });

  it('does not count a duplicate or a blank tag as a dropped one', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `tag-${i}`);
    const { body, truncated } = boundCreateAlert({ ...base, tags: [...twenty, 'tag-3', ' '] });
    expect(body.tags).toEqual(twenty);
    expect(truncated).toEqual([]);
  });

  it('keeps details of exactly 8,000 characters; at 8,001 it cuts, leaves room for the marker and stays within 8,000', () => {
    const exact = { a: 'x'.repeat(3_999), b: 'y'.repeat(3_999) };
    expect(detailsChars(exact)).toBe(8_000);
    expect(boundCreateAlert({ ...base, details: exact }).body.details).toEqual(exact);

    const over: Record<string, string> = { a: 'x'.repeat(3_999), b: 'y'.repeat(4_000) };
    const { body, truncated } = boundCreateAlert({ ...base, details: over });
    expect(truncated).toEqual(['details']);
    expect(detailsChars(body.details)).toBeLessThanOrEqual(LIMIT.details);
    expect(body.details!.a).toBe(over.a); // entries are kept in order: the first fits whole
    expect(body.details!.b!.endsWith('…')).toBe(true); // the one that did not is clipped and marked
    expect(body.details![TRUNCATED_DETAIL]).toBe('details');
  });

  it('makes room for the marker in full details when another field was cut', () => {
    const full: Record<string, string> = { a: 'x'.repeat(3_999), b: 'y'.repeat(3_999) };
    const { body, truncated } = boundCreateAlert({ ...base, message: 'm'.repeat(200), details: full });
    expect(truncated).toEqual(['message', 'details']);
    expect(body.details![TRUNCATED_DETAIL]).toBe('message,details');
    expect(detailsChars(body.details)).toBeLessThanOrEqual(LIMIT.details);
  });

  it('drops entries that cannot fit and keeps later small ones', () => {
    const { body } = boundCreateAlert({ ...base, details: { big: 'b'.repeat(7_960), huge: 'h'.repeat(9_000), small: 'ok' } });
    expect(Object.keys(body.details!)).toEqual(['big', 'small', TRUNCATED_DETAIL]);
  });

  it('sends details values as strings only (the schema allows nothing else)', () => {
    const details = { count: 3, flag: false, obj: { a: 1 }, gone: null } as unknown as Record<string, string>;
    expect(boundCreateAlert({ ...base, details }).body.details).toEqual({ count: '3', flag: 'false', obj: '{"a":1}' });
  });

  it('is idempotent: a bounded body comes back unchanged, marker included', () => {
    const once = boundCreateAlert({ ...base, message: 'm'.repeat(500), tags: Array.from({ length: 30 }, (_, i) => `t${i}`) });
    const twice = boundCreateAlert(once.body);
    expect(twice.body).toEqual(once.body);
    expect(twice.truncated).toEqual(once.truncated);
  });

  it('cuts responders to 50, entity, source and user to their limits, and keeps only CreateAlertPayload fields', () => {
    const responders = Array.from({ length: 51 }, (_, i) => ({ type: 'user' as const, username: `u${i}@example.com` }));
    const payload = { ...base, responders, entity: 'e'.repeat(600), source: 's'.repeat(101), user: 'u'.repeat(101), extra: 'x' };
    const { body, truncated } = boundCreateAlert(payload as OpsGenieAlertPayload);
    expect(body.responders).toHaveLength(50);
    expect(body.entity).toHaveLength(LIMIT.entity);
    expect(body.source).toHaveLength(100);
    expect(body.user).toHaveLength(100);
    expect(body).not.toHaveProperty('extra');
    expect(truncated).toEqual(['responders', 'entity', 'source', 'user']);
  });

  it('refuses what clipping cannot fix: a blank message, a bad priority, a responder type not valid for alerts', () => {
    expect(() => boundCreateAlert({ ...base, message: '  ' })).toThrow(OpsGenieLimitError);
    expect(() => boundCreateAlert({ ...base, priority: 'P9' as never })).toThrow(/priority "P9"/);
    expect(() => boundCreateAlert({ ...base, responders: [{ type: 'all' as never, name: 'x' }] })).toThrow(/not valid for alerts/);
    expect(() => boundCreateAlert({ ...base, responders: [{ type: 'team' }] })).toThrow(/needs an id/);
  });
});

describe('Function: boundAlias', () => {
  it('keeps an alias of 512 characters as it is', () => {
    const alias = 'a'.repeat(512);
    expect(boundAlias(alias)).toBe(alias);
  });

  it('cuts 513 characters to 512 with a hash of the whole: deterministic, unique per finding, idempotent', () => {
    const one = `${'a'.repeat(500)}:finding-0000000001`;
    const two = `${'a'.repeat(500)}:finding-0000000002`;
    const a = boundAlias(one);
    expect(a).toHaveLength(512);
    expect(a).toMatch(/^a{495}\.[0-9a-f]{16}$/);
    expect(boundAlias(one)).toBe(a);
    expect(boundAlias(two)).not.toBe(a);
    expect(boundAlias(a)).toBe(a);
  });

  it('marks the alias as cut in the create body, and gives the finding the same alias its close will use', () => {
    const finding = sampleFinding({ detection: 'd'.repeat(600) });
    const body = toOpsGenieCreateAlert(finding, { stage: 'prod' });
    expect(body.alias).toBe(opsGenieAlias(finding, 'prod'));
    expect(body.alias).toHaveLength(512);
    expect(boundCreateAlert({ ...base, alias: 'z'.repeat(513) }).truncated).toEqual(['alias']);
  });
});

describe('Functions: boundActionBody, boundNoteBody, checkHeartbeatName', () => {
  it('bounds user, source and note of a close or acknowledge, all optional', () => {
    expect(boundActionBody()).toEqual({ body: {}, truncated: [] });
    const { body, truncated } = boundActionBody({ user: 'u'.repeat(101), source: 'vigil', note: 'n'.repeat(25_001) });
    expect(body.user).toHaveLength(100);
    expect(body.source).toBe('vigil');
    expect(body.note).toHaveLength(25_000);
    expect(truncated).toEqual(['user', 'note']);
  });

  it('requires a note on add-note', () => {
    expect(() => boundNoteBody({ note: ' ' })).toThrow(/note is required/);
    expect(boundNoteBody({ note: 'seen again' }).body).toEqual({ note: 'seen again' });
  });

  it('refuses a heartbeat name over 200 characters rather than ping another heartbeat', () => {
    expect(checkHeartbeatName('h'.repeat(200))).toHaveLength(200);
    expect(() => checkHeartbeatName('h'.repeat(201))).toThrow(/201 characters/);
    expect(() => checkHeartbeatName('')).toThrow(/required/);
  });
});

describe('Function: toOpsGenieCreateAlert (marking)', () => {
  it('marks a title it had to cut, and a description whose free text it shortened', () => {
    const body = toOpsGenieCreateAlert(sampleFinding({ title: 't'.repeat(300), description: 'd'.repeat(40_000) }), { stage: 'prod' });
    expect(body.details[TRUNCATED_DETAIL]).toBe('message,description');
    expect(body.description).toContain(`${MARK}\n\nDetection: `);
  });

  it('adds no marker to an ordinary finding', () => {
    expect(toOpsGenieCreateAlert(sampleFinding(), { stage: 'prod' }).details).not.toHaveProperty(TRUNCATED_DETAIL);
  });
});
