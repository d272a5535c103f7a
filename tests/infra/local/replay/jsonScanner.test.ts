import { JsonStreamScanner, itemsForScan, type ReplayItem } from '../../../../infra/local/replay';
import { apiCallRecord, guardDutyEvent } from './fixtures';

/** Scans `text` fed in chunks of `size` characters (0: all at once) and turns it into replay items. */
function read(text: string, size = 0): ReplayItem[] {
  const scanner = new JsonStreamScanner();
  const items: ReplayItem[] = [];
  const step = size > 0 ? size : Math.max(text.length, 1);
  for (let i = 0; i < text.length; i += step) {
    scanner.push(text.slice(i, i + step));
    for (const s of scanner.drain()) items.push(...itemsForScan(s, 'f'));
  }
  scanner.end();
  for (const s of scanner.drain()) items.push(...itemsForScan(s, 'f'));
  return items;
}

/** One short line per item: `E <id> <line>/<index>`, `L <log group>` or `Q <reason>`. */
function summary(items: ReplayItem[]): string[] {
  return items.map((i) => {
    if (i.kind === 'event') return `E ${i.event.id} ${i.origin.line ?? '-'}/${i.origin.index ?? '-'}`;
    return i.kind === 'logs' ? `L ${i.payload.logGroup}` : `Q ${i.reason}`;
  });
}

function layoutOf(text: string): string {
  const scanner = new JsonStreamScanner();
  scanner.push(text);
  scanner.end();
  return scanner.layout;
}

const ev = (id: string) => JSON.stringify(guardDutyEvent(id));
const evPretty = (id: string) => JSON.stringify(guardDutyEvent(id), null, 2);

describe('JsonStreamScanner layouts', () => {
  it('reads JSON Lines, one value per line, blank lines skipped', () => {
    const text = `${ev('a')}\n\n${ev('b')}\r\n   \n${ev('c')}`;
    expect(layoutOf(text)).toBe('lines');
    expect(summary(read(text))).toEqual(['E a 1/-', 'E b 3/-', 'E c 5/-']);
  });

  it("reads a pretty-printed array element by element, with each element's line", () => {
    const text = JSON.stringify([guardDutyEvent('a'), guardDutyEvent('b')], null, 2);
    expect(layoutOf(text)).toBe('document');
    expect(summary(read(text))).toEqual(['E a 2/0', 'E b 18/1']);
  });

  it('reads a compact one-line array', () => {
    expect(summary(read(`[${ev('a')},${ev('b')}]`))).toEqual(['E a 1/0', 'E b 1/1']);
  });

  it('reads an array written with a lone "[" and one element per unindented line as one document', () => {
    const text = `[\n${ev('a')},\n${ev('b')}\n]\n`;
    expect(layoutOf(text)).toBe('document');
    expect(summary(read(text))).toEqual(['E a 2/0', 'E b 3/1']);
  });

  it('reads arrays written one element per line, unindented, as one document', () => {
    const text = `[${ev('a')},\n${ev('b')},\n${ev('c')}]\n`;
    expect(layoutOf(text)).toBe('document');
    expect(summary(read(text))).toEqual(['E a 1/0', 'E b 2/1', 'E c 3/2']);
    const records = [apiCallRecord({ eventID: 'r1' }), apiCallRecord({ eventID: 'r2' })].map((r) => JSON.stringify(r));
    const log = `{"Records":[${records.join(',\n')}]}\n`;
    expect(layoutOf(log)).toBe('document');
    expect(read(log).map((i) => [i.kind, i.origin.line, i.origin.index])).toEqual([
      ['event', 1, 0],
      ['event', 2, 1],
    ]);
  });

  it('reads a single pretty-printed object, even with "Records" nested in its detail', () => {
    const text = JSON.stringify({ ...guardDutyEvent('a'), detail: { Records: [1, 2] } }, null, 2);
    expect(summary(read(text))).toEqual(['E a 1/-']);
  });

  it('reads concatenated pretty-printed objects (jq output)', () => {
    expect(summary(read(`${evPretty('a')}\n${evPretty('b')}\n`))).toEqual(['E a 1/-', 'E b 17/-']);
  });

  it('streams the "Records" of a CloudTrail log file, one line or pretty-printed', () => {
    const records = [apiCallRecord({ eventID: 'r1' }), apiCallRecord({ eventID: 'r2' })];
    const oneLine = read(JSON.stringify({ Records: records }));
    const pretty = read(JSON.stringify({ Records: records }, null, 2));
    expect(oneLine.map((i) => i.kind)).toEqual(['event', 'event']);
    expect(oneLine.map((i) => i.origin)).toEqual([
      { file: 'f', line: 1, index: 0 },
      { file: 'f', line: 1, index: 1 },
    ]);
    expect(pretty.map((i) => i.origin.index)).toEqual([0, 1]);
    expect(pretty.map((i) => (i.kind === 'event' ? i.event.id : ''))).toEqual(oneLine.map((i) => (i.kind === 'event' ? i.event.id : '')));
  });

  it('finds "Records" whatever the key order, and ignores brackets and escapes inside strings', () => {
    const text = `{"note":"a \\"[x]\\" {y}","Records":[${JSON.stringify(apiCallRecord({ userAgent: 'x"]}[{' }))}],"digest":{"k":[1]}}`;
    const items = read(text);
    expect(items.map((i) => i.kind)).toEqual(['event']);
    expect(items[0]!.origin).toEqual({ file: 'f', line: 1, index: 0 });
  });

  it('reads JSON Lines of CloudTrail log files', () => {
    const line = (ids: string[]) => JSON.stringify({ Records: ids.map((eventID) => apiCallRecord({ eventID })) });
    const items = read(`${line(['r1'])}\n${line(['r2', 'r3'])}\n`);
    expect(items.map((i) => i.origin)).toEqual([
      { file: 'f', line: 1, index: 0 },
      { file: 'f', line: 2, index: 0 },
      { file: 'f', line: 2, index: 1 },
    ]);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(summary(read(`\uFEFF${ev('a')}\n${ev('b')}\n`))).toEqual(['E a 1/-', 'E b 2/-']);
  });
});

describe('JsonStreamScanner on broken input', () => {
  it('reports a broken line with its number and reads the lines around it', () => {
    const s = summary(read(`${ev('a')}\n${ev('b')}\n{"version":"0","id": }\n${ev('c')}\n`));
    expect(s[0]).toBe('E a 1/-');
    expect(s[1]).toBe('E b 2/-');
    expect(s[2]).toMatch(/^Q line 3: invalid JSON: Unexpected token/);
    expect(s[3]).toBe('E c 4/-');
  });

  it('reports a truncated line and text after a value', () => {
    const s = summary(read(`${ev('a')}\n${ev('b').slice(0, 40)}\n${ev('c')} trailing\n${ev('d')}\n`));
    expect(s).toEqual([
      'E a 1/-',
      expect.stringMatching(/^Q line 2: invalid JSON: /),
      expect.stringMatching(/^Q line 3: invalid JSON: Unexpected non-whitespace character after JSON/),
      'E d 4/-',
    ]);
  });

  it('keeps a JSON Lines file whose first line is broken', () => {
    const text = `${ev('a').slice(0, 30)}\n${ev('b')}\n${ev('c')}\n`;
    expect(layoutOf(text)).toBe('lines');
    expect(summary(read(text))).toEqual([expect.stringMatching(/^Q line 1: invalid JSON: /), 'E b 2/-', 'E c 3/-']);
  });

  it('reports a line that is not JSON at all', () => {
    expect(summary(read(`${ev('a')}\nnot json here\n${ev('b')}\n`))).toEqual([
      'E a 1/-',
      expect.stringMatching(/^Q line 2: invalid JSON: Unexpected token/),
      'E b 3/-',
    ]);
  });

  it('reports a bad array element by index and reads the others', () => {
    const text = `[${ev('a')}, {"id": }, {"x": 1}, 7, ${ev('b')}]`;
    expect(summary(read(text))).toEqual([
      'E a 1/0',
      expect.stringMatching(/^Q line 1, index 1: invalid JSON: /),
      'Q line 1, index 2: not an EventBridge event or CloudTrail record (missing "detail-type")',
      'Q line 1, index 3: not an EventBridge event or CloudTrail record (got a number)',
      'E b 1/4',
    ]);
  });

  it('reports empty elements and a trailing comma', () => {
    expect(summary(read(`[${ev('a')},,${ev('b')},]`))).toEqual([
      'E a 1/0',
      'Q line 1, index 1: invalid JSON: empty array element',
      'E b 1/2',
      'Q line 1, index 3: invalid JSON: trailing comma before "]"',
    ]);
  });

  it('keeps the records before a cut in a CloudTrail log file and reports the cut', () => {
    const full = JSON.stringify({
      Records: [apiCallRecord({ eventID: 'r1' }), apiCallRecord({ eventID: 'r2' }), apiCallRecord({ eventID: 'r3' })],
    });
    const cut = full.slice(0, full.indexOf('"r3"'));
    const items = read(cut);
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'quarantined']);
    expect(items[2]).toMatchObject({ reason: expect.stringMatching(/^line 1, index 2: invalid JSON: /) });
  });

  it('reports an array that is not closed at the end of the input', () => {
    expect(summary(read(`[\n  ${ev('a')},\n  ${ev('b')}\n`))).toEqual([
      'E a 2/0',
      'E b 3/1',
      'Q line 4, index 2: invalid JSON: the array is not closed (the input ends before its "]")',
    ]);
  });

  it('recovers the good records of a broken CloudTrail log line', () => {
    const good = JSON.stringify(apiCallRecord({ eventID: 'r1' }));
    const text = `${ev('a')}\n{"Records":[${good},{"eventID": },${good.replace('r1', 'r2')}]}\n${ev('b')}\n`;
    expect(summary(read(text)).map((s) => s.replace(/^E [0-9a-f-]{36}/, 'E <ct>'))).toEqual([
      'E a 1/-',
      'E <ct> 2/0',
      expect.stringMatching(/^Q line 2, index 1: invalid JSON: /),
      'E <ct> 2/2',
      'E b 3/-',
    ]);
  });

  it('caps what it keeps of a long line that is not JSON', () => {
    const items = read(`${ev('a')}\n${'x'.repeat(100_000)}\n${ev('b')}\n`);
    expect(items.map((i) => i.kind)).toEqual(['event', 'quarantined', 'event']);
    expect(items[1]).toMatchObject({ reason: 'line 2: invalid JSON: a line too long to be read whole that is not a JSON value' });
    expect((items[1] as { reason: string }).reason).not.toContain('xxx');
  });
});

describe('JsonStreamScanner chunking', () => {
  const samples: Record<string, string> = {
    'JSON Lines': `${ev('a')}\n\n${ev('b')}\r\n{"bad": \n${ev('c')} x\n${ev('d')}`,
    'broken first line': `${ev('a').slice(0, 50)}\n${ev('b')}\n`,
    'pretty array': JSON.stringify([guardDutyEvent('a'), { nope: true }, guardDutyEvent('b')], null, 2),
    'compact array': `[${ev('a')},,${ev('b')},]`,
    'log file': JSON.stringify({ Records: [apiCallRecord({ eventID: 'r1' }), { eventTime: 'x' }, apiCallRecord({ eventID: 'r3' })] }),
    'log file lines':
      `${JSON.stringify({ Records: [apiCallRecord()] })}\n` + `{"Records":[${JSON.stringify(apiCallRecord({ eventID: 'q' }))},{]}\n`,
    'pretty log file, cut': JSON.stringify({ Records: [apiCallRecord(), apiCallRecord({ eventID: 'z' })] }, null, 2).slice(0, 900),
    'jq output': `${evPretty('a')}\n${evPretty('b')}`,
    escapes:
      '{"detail-type":"x\\\\","detail":{"s":"\\"}]["},' +
      `"id":"1","source":"s","account":"1","time":"2026-01-01T00:00:00Z","region":"r"}\n${ev('b')}\n`,
  };

  it.each(Object.entries(samples))('gives the same items whatever the chunk size: %s', (_name, text) => {
    const whole = read(text);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(read(text, size)).toEqual(whole);
  });
});
