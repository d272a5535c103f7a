import { symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  EVENTBRIDGE_MAX_EVENT_BYTES,
  classifyValue,
  nestsDeeperThan,
  readReplayInputs,
  type ReplayItem,
} from '../../../../infra/local/replay';
import { TempDir, apiCallRecord, collect, events, guardDutyEvent, jsonl, quarantinedItems } from './fixtures';

/**
 * Regression tests for malformed captures found by adversarial runs of `vigil replay`: reasons that
 * quoted the input, nesting that crashed the replay, events EventBridge could never carry.
 */
let tmp: TempDir;
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(() => {
  tmp.remove();
});

const EMAIL = 'alice.restricted@example.com';
const USER_ID = 'u_RESTRICTED_user_77';
const read = (paths: string[], opts = {}): Promise<ReplayItem[]> => collect(readReplayInputs(paths, opts));
const nestedText = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nested = (depth: number): unknown => JSON.parse(nestedText(depth));

describe('quarantine reasons never quote the input', () => {
  it('names the field and the kind of value, not the value (CloudTrail records and EventBridge events)', async () => {
    const file = tmp.write(
      'leaky.jsonl',
      jsonl([
        apiCallRecord({ eventTime: EMAIL }),
        apiCallRecord({ eventTime: 1_700_000_000 }),
        apiCallRecord({ eventSource: EMAIL }),
        apiCallRecord({ eventType: USER_ID }),
        apiCallRecord({ eventType: { email: EMAIL } }),
        apiCallRecord({ awsRegion: { user: EMAIL } }),
        apiCallRecord({ eventSource: [EMAIL] }),
        guardDutyEvent('e-1', { time: EMAIL }),
      ]),
    );
    const reasons = quarantinedItems(await read([file])).map((q) => q.reason);
    expect(reasons).toEqual([
      'line 1: cannot wrap CloudTrail record: "eventTime" is not a timestamp',
      'line 2: cannot wrap CloudTrail record: "eventTime" must be a string, got a number',
      'line 3: cannot wrap CloudTrail record: "eventSource" is not an AWS service endpoint (<service>.amazonaws.com)',
      'line 4: cannot wrap CloudTrail record: unsupported eventType (not a CloudTrail eventType name) ' +
        '(no EventBridge detail-type is known for it)',
      'line 5: cannot wrap CloudTrail record: "eventType" must be a string, got an object',
      'line 6: cannot wrap CloudTrail record: "awsRegion" must be a string, got an object',
      'line 7: cannot wrap CloudTrail record: "eventSource" must be a string, got an array',
      'line 8: invalid EventBridge event: "time" is not a timestamp',
    ]);
  });

  it('cuts the "..."-windowed quote V8 puts in some JSON.parse messages', async () => {
    const file = tmp.write('broken.jsonl', `{"detail-type":"x","user": ${EMAIL}}\n{"padding":"${'x'.repeat(40)}","id": ${USER_ID}}\n`);
    const reasons = quarantinedItems(await read([file])).map((q) => q.reason);
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) {
      expect(reason).toMatch(/^line \d: invalid JSON: /);
      expect(reason).not.toContain('alice');
      expect(reason).not.toContain('RESTRICTED');
      expect(reason).not.toContain('...');
    }
  });

  it('says what a non-JSON file holds without quoting it: text, binary data, UTF-16, gzip in gzip', async () => {
    const csv = tmp.write('people.csv', `${EMAIL},${USER_ID}\n`);
    const binary = tmp.write('blob.bin', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x01, 0x02]));
    const utf16 = tmp.write(
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ user: EMAIL }), 'utf16le')]),
    );
    const twice = tmp.write('twice.gz', gzipSync(gzipSync(jsonl([guardDutyEvent('e-2')]))));
    const reasons = quarantinedItems(await read([csv, binary, utf16, twice])).map((q) => q.reason);
    const not = (found: string) => `not JSON (expected "{" or "[" as the first character, found ${found})`;
    expect(reasons).toEqual([
      not('text'),
      not('binary data'),
      not('UTF-16 text (only UTF-8 is read)'),
      not('gzip data (compressed twice?)'),
    ]);
  });
});

describe('nesting deeper than EventBridge takes (1000 levels) is quarantined, never a crash', () => {
  it('measures depth without recursion, at any depth', () => {
    expect(nestsDeeperThan(nested(1000), 1000)).toBe(false);
    expect(nestsDeeperThan(nested(1001), 1000)).toBe(true);
    expect(nestsDeeperThan(nested(200_000), 1000)).toBe(true);
    expect(nestsDeeperThan({ a: { b: [1, { c: null }] } }, 4)).toBe(false);
    expect(nestsDeeperThan({ a: { b: [1, { c: {} }] } }, 4)).toBe(true);
  });

  it('rejects a record or an event whose detail nests too deep, and keeps one at the limit', () => {
    const { eventID: _e, ...noEventId } = apiCallRecord({ requestParameters: { x: nested(5_000) } });
    expect(classifyValue(noEventId)).toEqual({ kind: 'rejected', reason: expect.stringContaining('nested more than 1000 levels deep') });
    expect(classifyValue(guardDutyEvent('deep', { detail: { x: nested(1_000) } })).kind).toBe('rejected');
    expect(classifyValue(guardDutyEvent('ok', { detail: { x: nested(998) } })).kind).toBe('event');
  });

  it('reads deep values in every layout without throwing (lines, array, Records held whole or streamed)', async () => {
    // Built as text: JSON.stringify itself overflows at these depths.
    const deep = JSON.stringify(apiCallRecord({ requestParameters: { x: '@' } })).replace('"@"', nestedText(20_000));
    const deepArray = nestedText(100_000);
    const lines = tmp.write('lines.jsonl', `${deep}\n${JSON.stringify(apiCallRecord())}\n`);
    const array = tmp.write('array.json', `[${deep},${deepArray}]`);
    const heldWhole = tmp.write('held.json', `[{"Records":[${deepArray},${deep}]}]`);
    const escapedKey = tmp.write('escaped.json', `{"Rec\\u006frds":[${deepArray}]}`);
    const items = await read([lines, array, heldWhole, escapedKey]);
    expect(events(items)).toHaveLength(1);
    expect(quarantinedItems(items).map((q) => q.reason)).toEqual([
      expect.stringMatching(/^line 1: detail nested more than 1000 levels deep/),
      expect.stringMatching(/^line 1, index 0: detail nested more than 1000 levels deep/),
      'line 1, index 1: not an EventBridge event or CloudTrail record (got an array)',
      'line 1, index 0: not an EventBridge event or CloudTrail record (got an array)',
      expect.stringMatching(/^line 1, index 1: detail nested more than 1000 levels deep/),
      'line 1, index 0: not an EventBridge event or CloudTrail record (got an array)',
    ]);
  });
});

describe('events larger than EventBridge takes (256 KB), when asked', () => {
  it('are quarantined with their size, the events around them kept', async () => {
    const big = guardDutyEvent('big', { detail: { blob: 'x'.repeat(EVENTBRIDGE_MAX_EVENT_BYTES) } });
    const bigRecord = apiCallRecord({ requestParameters: { blob: 'é'.repeat(EVENTBRIDGE_MAX_EVENT_BYTES / 2) } });
    const file = tmp.write('sizes.jsonl', jsonl([guardDutyEvent('a'), big, bigRecord, guardDutyEvent('b')]));
    const wrapper = tmp.write('trail.json', JSON.stringify([{ Records: [bigRecord, apiCallRecord()] }]));
    const items = await read([file, wrapper], { maxEventBytes: EVENTBRIDGE_MAX_EVENT_BYTES });
    expect(events(items).map((e) => e.id)).toEqual(['a', 'b', expect.any(String)]);
    expect(quarantinedItems(items).map((q) => q.reason)).toEqual([
      expect.stringMatching(/^line 2: event too large for EventBridge: \d+ bytes as a PutEvents entry, the limit is 262144/),
      expect.stringMatching(/^line 3: event too large for EventBridge: /),
      expect.stringMatching(/^line 1, index 0: event too large for EventBridge: /),
    ]);
    // Without the option (--to-bus), the bus decides.
    expect(events(await read([file]))).toHaveLength(4);
  });
});

it('reads a file reached through a symlink once, like one reached twice by name', async () => {
  const file = tmp.write('capture/events.jsonl', jsonl([guardDutyEvent('only-once')]));
  symlinkSync(file, tmp.path('alias.jsonl'));
  const items = await read([file, tmp.path('alias.jsonl'), tmp.path('capture')]);
  expect(events(items).map((e) => e.id)).toEqual(['only-once']);
});
