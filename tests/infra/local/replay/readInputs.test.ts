import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  ReplayError,
  ReplayInputError,
  inputSizeBytes,
  readReplayInputs,
  wrapCloudTrailRecord,
  type ReplayItem,
} from '../../../../infra/local/replay';
import {
  TempDir,
  apiCallRecord,
  collect,
  consoleLoginRecord,
  dataEventRecord,
  events,
  guardDutyEvent,
  insightRecord,
  jsonl,
  quarantinedItems,
  serviceEventRecord,
} from './fixtures';

let tmp: TempDir;
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(() => {
  tmp.remove();
});

const ebEvents = [guardDutyEvent('11111111-1111-4111-8111-111111111111'), guardDutyEvent('22222222-2222-4222-8222-222222222222')];
const records = [consoleLoginRecord(), apiCallRecord(), serviceEventRecord(), dataEventRecord(), insightRecord()];
const wrappedIds = records.map((r) => wrapCloudTrailRecord(r).id);
const wrappedTypes = [
  'AWS Console Sign In via CloudTrail',
  'AWS API Call via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS API Call via CloudTrail',
  'AWS Insight via CloudTrail',
];

async function read(paths: string[]): Promise<ReplayItem[]> {
  return collect(readReplayInputs(paths));
}

describe('readReplayInputs formats (detected by content, plain or gzip)', () => {
  const formats: [string, () => string, 'events' | 'records'][] = [
    ['JSON Lines of EventBridge events', () => jsonl(ebEvents), 'events'],
    ['a JSON array of EventBridge events', () => JSON.stringify(ebEvents, null, 2), 'events'],
    ['JSON Lines of CloudTrail records', () => jsonl(records), 'records'],
    ['a JSON array of CloudTrail records', () => JSON.stringify(records), 'records'],
    ['a CloudTrail log file', () => JSON.stringify({ Records: records }), 'records'],
    ['a pretty-printed CloudTrail log file', () => JSON.stringify({ Records: records }, null, 4), 'records'],
  ];

  describe.each([false, true])('gzip: %s', (gzip) => {
    it.each(formats)('%s', async (_name, content, kind) => {
      // Names say nothing: detection is by content only.
      const file = tmp.write(gzip ? 'capture.data' : 'capture.gz', content(), { gzip });
      const items = await read([file]);
      expect(quarantinedItems(items)).toEqual([]);
      if (kind === 'events') {
        expect(events(items)).toEqual(ebEvents);
      } else {
        expect(events(items).map((e) => e.id)).toEqual(wrappedIds);
        expect(events(items).map((e) => e['detail-type'])).toEqual(wrappedTypes);
        expect(events(items).map((e) => e.source)).toEqual(['aws.signin', 'aws.iam', 'aws.cognito-idp', 'aws.s3', 'aws.cloudtrail']);
      }
      expect(items.every((i) => i.origin.file === file)).toBe(true);
    });

    it('a single object: one EventBridge event, or one record', async () => {
      const a = tmp.write('one-event', JSON.stringify(ebEvents[0], null, 2), { gzip });
      const b = tmp.write('one-record', JSON.stringify(apiCallRecord()), { gzip });
      const items = await read([a, b]);
      expect(events(items)).toEqual([ebEvents[0], wrapCloudTrailRecord(apiCallRecord())]);
      expect(items.map((i) => i.origin)).toEqual([
        { file: a, line: 1 },
        { file: b, line: 1 },
      ]);
    });
  });

  it('ignores blank lines and keeps line numbers of the file', async () => {
    const file = tmp.write('events.jsonl', `\n${JSON.stringify(ebEvents[0])}\n\n   \n${JSON.stringify(ebEvents[1])}\n\n`);
    const items = await read([file]);
    expect(items.map((i) => i.kind)).toEqual(['event', 'event']);
    expect(items.map((i) => i.origin.line)).toEqual([2, 5]);
  });

  it('quarantines a malformed line in the middle with its line number; its neighbours come through', async () => {
    const lines = [
      JSON.stringify(ebEvents[0]),
      JSON.stringify(records[1]),
      '{"version":"0","id": }',
      JSON.stringify(records[3]),
      JSON.stringify(ebEvents[1]),
    ];
    const file = tmp.write('mixed.jsonl', `${lines.join('\n')}\n`);
    const items = await read([file]);
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'quarantined', 'event', 'event']);
    expect(items[2]).toEqual({
      kind: 'quarantined',
      reason: expect.stringMatching(/^line 3: invalid JSON: Unexpected token '}'/),
      raw: '{"version":"0","id": }',
      origin: { file, line: 3 },
    });
    expect(events(items).map((e) => e.id)).toEqual([ebEvents[0]!.id, wrappedIds[1], wrappedIds[3], ebEvents[1]!.id]);
  });

  it('quarantines what is not an event or a record, and events missing envelope fields', async () => {
    const { source: _s, ...noSource } = ebEvents[0]!;
    const { eventTime: _t, ...noTime } = apiCallRecord();
    const file = tmp.write(
      'arr.json',
      JSON.stringify([ebEvents[0], { hello: 1 }, noSource, { ...ebEvents[1], detail: [1] }, noTime, 'text']),
    );
    const q = quarantinedItems(await read([file]));
    expect(q.map((i) => i.reason)).toEqual([
      'line 1, index 1: not an EventBridge event or CloudTrail record (missing "detail-type")',
      'line 1, index 2: invalid EventBridge event: missing "source"',
      'line 1, index 3: invalid EventBridge event: "detail" must be an object, got an array',
      'line 1, index 4: cannot wrap CloudTrail record: missing "eventTime"',
      'line 1, index 5: not an EventBridge event or CloudTrail record (got a string)',
    ]);
    expect(q[0]!.raw).toBe('{"hello":1}');
  });

  it('cuts the raw text of a quarantined item to 2 KB', async () => {
    const file = tmp.write('big.jsonl', `{"hello":"${'é'.repeat(5000)}"}\n`);
    const [item] = await read([file]);
    expect(item!.kind).toBe('quarantined');
    if (item!.kind === 'quarantined') {
      expect(Buffer.byteLength(item!.raw)).toBeLessThanOrEqual(2048);
      expect(item!.raw.endsWith('…')).toBe(true);
      expect(item!.raw.startsWith('{"hello":"éé')).toBe(true);
    }
  });
});

describe('readReplayInputs gzip damage and non-JSON files', () => {
  it('keeps what comes before the end of a truncated gzip and quarantines the rest', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify(apiCallRecord({ eventID: `evt-${i}` })));
    const gz = gzipSync(`${lines.join('\n')}\n`);
    const file = tmp.write('cut.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const items = await read([file]);
    const q = quarantinedItems(items);
    expect(events(items).length).toBeGreaterThan(100);
    expect(events(items).length).toBeLessThan(2000);
    expect(items.slice(0, events(items).length).every((i) => i.kind === 'event')).toBe(true);
    expect(q.at(-1)).toEqual({
      kind: 'quarantined',
      reason: 'corrupt gzip: unexpected end of file (the rest of the file is lost)',
      raw: '',
      origin: { file },
    });
    // The line cut by the truncation, if any, is reported with its number.
    for (const item of q.slice(0, -1)) expect(item.reason).toMatch(/^line \d+: invalid JSON: /);
  });

  it('quarantines a file with the gzip magic but a corrupt stream', async () => {
    const file = tmp.write('bad.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x99, 0x98, 0x97]));
    const items = await read([file]);
    expect(items).toEqual([{ kind: 'quarantined', reason: expect.stringMatching(/^corrupt gzip: /), raw: '', origin: { file } }]);
  });

  it('quarantines a file given by name that is not JSON at all, as one item', async () => {
    const file = tmp.write('report.csv', 'time,user,action\n2026-03-02,maria,login\n');
    const items = await read([file]);
    expect(items).toEqual([
      {
        kind: 'quarantined',
        reason: 'not JSON (expected "{" or "[" as the first character, found text)',
        raw: expect.stringContaining('time,user'),
        origin: { file },
      },
    ]);
  });

  it.each([
    ['cut in the middle of its first record', '"eventName":"GetObject"}}'],
    ['with a header line', '# captured 2026-11-20 from the prod bus'],
  ])('reads a JSON Lines file whose first line is broken (%s): that line quarantined, every other one read', async (_what, first) => {
    const text = `${first}\n${jsonl([ebEvents[0], ebEvents[1]])}`;
    for (const file of [tmp.write('cut.jsonl', text), tmp.write('in-dir/cut.jsonl', text)]) {
      const items = await read([file.endsWith('in-dir/cut.jsonl') ? tmp.path('in-dir') : file]);
      expect(items.map((i) => i.kind)).toEqual(['quarantined', 'event', 'event']);
      expect(items[0]).toMatchObject({ reason: expect.stringMatching(/^line 1: invalid JSON/), origin: { file, line: 1 } });
      expect(events(items).map((e) => e.id)).toEqual([ebEvents[0]!.id, ebEvents[1]!.id]);
    }
  });

  it('reports an empty file as a note, not an error', async () => {
    const file = tmp.write('empty.jsonl', '\n\n');
    const notes: string[] = [];
    const items = await collect(readReplayInputs([file], { onSkip: (p, r) => notes.push(`${p}: ${r}`) }));
    expect(items).toEqual([]);
    expect(notes).toEqual([`${file}: skipped: empty file`]);
  });
});

describe('readReplayInputs directories', () => {
  it('walks directories recursively in sorted order, skipping hidden entries and non-JSON files with a note', async () => {
    const dir = tmp.mkdir('capture');
    tmp.write('capture/b/2-records.json', JSON.stringify({ Records: [records[1]] }));
    tmp.write('capture/b/1-events.jsonl.gz', jsonl([ebEvents[1]]), { gzip: true });
    tmp.write('capture/a.jsonl', jsonl([ebEvents[0]]));
    tmp.write('capture/c/deeper/x.json', JSON.stringify(records[0]));
    tmp.write('capture/README.md', '# How this capture was made\n\n```json\n{"detail-type": "x"}\n```\n');
    tmp.write('capture/notes.txt', 'nothing to see');
    tmp.write('capture/.hidden.jsonl', jsonl([guardDutyEvent('hidden')]));
    tmp.write('capture/.git/objects.json', jsonl([guardDutyEvent('hidden-dir')]));
    tmp.write('capture/empty.json', '');

    const notes: string[] = [];
    const files: string[] = [];
    const items = await collect(
      readReplayInputs([dir], {
        onSkip: (p, r) => notes.push(`${p.slice(dir.length + 1)}: ${r}`),
        onFile: (p) => files.push(p.slice(dir.length + 1)),
      }),
    );

    expect(quarantinedItems(items)).toEqual([]);
    expect(files).toEqual(['a.jsonl', 'b/1-events.jsonl.gz', 'b/2-records.json', 'c/deeper/x.json']);
    expect(events(items).map((e) => e.id)).toEqual([ebEvents[0]!.id, ebEvents[1]!.id, wrappedIds[1], wrappedIds[0]]);
    expect(notes).toEqual([
      'README.md: skipped: not JSON (expected "{" or "[" as the first character, found text)',
      'empty.json: skipped: empty file',
      'notes.txt: skipped: not JSON (expected "{" or "[" as the first character, found text)',
    ]);
  });

  it('leaves out the directories it is told to, each with its reason (the replay: --s3-dir, its own --out and --data-dir)', async () => {
    const dir = tmp.mkdir('capture');
    tmp.write('capture/a.jsonl', jsonl([ebEvents[0]]));
    tmp.write('capture/out/findings.jsonl', jsonl([ebEvents[1]]));
    const notes: string[] = [];
    const exclude = [{ dir: tmp.path('capture/out'), why: "the replay's own output (--out)" }];
    const items = await collect(readReplayInputs([dir], { exclude, onSkip: (p, r) => notes.push(`${p.slice(dir.length + 1)}: ${r}`) }));
    expect(events(items).map((e) => e.id)).toEqual([ebEvents[0]!.id]);
    expect(notes).toEqual(["out: skipped: the replay's own output (--out)"]);
  });

  it('fails on a directory with no input file in it', async () => {
    const dir = tmp.mkdir('docs');
    tmp.write('docs/README.md', '# nothing here');
    await expect(read([dir])).rejects.toThrow(
      new ReplayInputError(dir, `no input files in directory "${dir}" (1 skipped: not JSON or empty)`),
    );
    const empty = tmp.mkdir('empty');
    await expect(read([empty])).rejects.toThrow(`no input files in directory "${empty}"`);
  });

  it('reads a file reached twice only once', async () => {
    const file = tmp.write('d/a.jsonl', jsonl(ebEvents));
    expect(events(await read([tmp.path('d'), file]))).toEqual(ebEvents);
  });
});

describe('readReplayInputs errors that stop the run', () => {
  it('fails before yielding anything when a path does not exist', async () => {
    const good = tmp.write('good.jsonl', jsonl(ebEvents));
    const missing = tmp.path('nope.jsonl');
    const seen: ReplayItem[] = [];
    const run = async () => {
      for await (const item of readReplayInputs([good, missing])) seen.push(item);
    };
    await expect(run()).rejects.toThrow(`cannot read "${missing}": ENOENT: no such file or directory`);
    await expect(run()).rejects.toBeInstanceOf(ReplayInputError);
    await expect(run()).rejects.toBeInstanceOf(ReplayError);
    expect(seen).toEqual([]);
  });

  it('fails on an empty list of paths', async () => {
    await expect(read([])).rejects.toThrow('no input given');
  });
});

describe('readReplayInputs determinism and progress callbacks', () => {
  it('gives the same ids when the same capture is replayed twice, plain or gzipped', async () => {
    const plain = tmp.write('ct.json', JSON.stringify({ Records: records }));
    const gz = tmp.write('ct.json.gz', JSON.stringify({ Records: records }), { gzip: true });
    const first = events(await read([plain])).map((e) => e.id);
    const second = events(await read([plain])).map((e) => e.id);
    const third = events(await read([gz])).map((e) => e.id);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(new Set(first).size).toBe(records.length);
  });

  it('reports every file with its size and every byte read, adding up to inputSizeBytes', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => JSON.stringify(apiCallRecord({ eventID: `e${i}` }))).join('\n');
    const a = tmp.write('in/a.jsonl', big);
    const b = tmp.write('in/b.jsonl.gz', big, { gzip: true });
    tmp.write('in/README.md', 'not counted');
    const total = await inputSizeBytes([tmp.path('in')]);
    const files: [string, number][] = [];
    let bytes = 0;
    const items = await collect(readReplayInputs([tmp.path('in')], { onFile: (p, n) => files.push([p, n]), onBytes: (n) => (bytes += n) }));
    expect(events(items)).toHaveLength(6000);
    expect(files.map(([p]) => p)).toEqual([a, b]);
    expect(files.reduce((s, [, n]) => s + n, 0)).toBe(total);
    expect(bytes).toBe(total);
  });

  it('lets a consumer stop early', async () => {
    const file = tmp.write(
      'many.jsonl',
      Array.from({ length: 5000 }, (_, i) => JSON.stringify(apiCallRecord({ eventID: `s${i}` }))).join('\n'),
    );
    let n = 0;
    for await (const item of readReplayInputs([file])) {
      expect(item.kind).toBe('event');
      if (++n === 10) break;
    }
    expect(n).toBe(10);
    // The file is not held open: it can be rewritten at once.
    writeFileSync(file, '');
  });
});
