import { parseSample, SampleInputError } from '../../bin/commands/driftInput';

/** The streaming sample readers of `vigil drift`: JSON arrays, {"values": [...]}, CSV columns. */

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

const parse = (text: string, column?: string) => parseSample(chunks(text), 'in.txt', column);

/** The sample read from the text cut in two at every position: it must not depend on where chunks end. */
async function everySplit(text: string, column?: string) {
  const whole = await parse(text, column);
  for (let cut = 0; cut <= text.length; cut += 1) {
    const split = await parseSample(chunks(text.slice(0, cut), text.slice(cut)), 'in.txt', column);
    expect({ ...split, numbers: Array.from(split.numbers) }).toEqual({ ...whole, numbers: Array.from(whole.numbers) });
  }
  return whole;
}

describe('JSON', () => {
  test('an array of numbers, nulls counted as missing', async () => {
    const s = await everySplit(' [1, -2.5e3, null, 0.125 ,7]\n');
    expect(s.format).toBe('json');
    expect(Array.from(s.numbers)).toEqual([1, -2500, 0.125, 7]);
    expect(s.missing).toBe(1);
    expect(s.labels).toEqual([]);
  });

  test('{"values": [...]}, other keys skipped whatever they hold', async () => {
    const s = await everySplit('{"name": "x", "meta": {"a": [1, {"b": "]"}], "c": null}, "values": ["a\\"b", true, 3], "n": 2}');
    expect(s.labels).toEqual(['a"b', 'true']);
    expect(Array.from(s.numbers)).toEqual([3]);
  });

  test('NaN and Infinity (Python json writes them bare) are remembered with their position', async () => {
    const s = await parse('[1, 2, NaN, -Infinity, "inf"]');
    expect(s.nonFinite).toEqual({ text: 'NaN', where: 'in.txt: value 3' });
    expect(s.labels).toEqual(['NaN', '-Infinity', 'inf']);
    expect(s.firstLabel).toBeUndefined();
    expect((await parse('[1e999]')).nonFinite).toEqual({ text: '1e999', where: 'in.txt: value 1' });
  });

  test('a label is remembered with its position', async () => {
    expect((await parse('[1, 2, "three"]')).firstLabel).toEqual({ text: 'three', where: 'in.txt: value 3' });
  });

  test.each([
    ['[1, [2]]', 'in.txt: value 2 is an array, not a number or a label'],
    ['[1, {"a": 2}]', 'in.txt: value 2 is an object, not a number or a label'],
    ['{"count": 3}', 'the JSON object has no "values" array'],
    ['{"values": 3}', '"values" is not an array'],
    ['{"values": [1], "values": [2]}', '"values" appears twice'],
    ['[1, 2] [3]', 'unexpected content after the JSON value'],
    ['[1, 2', 'the JSON ends before its array (or object) is closed'],
    ['[1, 2,]', 'expected a value, found "]"'],
    ['[1 2]', 'expected "," or "]" after a value, found a value'],
    ['[01]', 'not valid JSON: "01" is not a JSON value'],
    ['["abc', 'not valid JSON: an unterminated string "abc'],
    ['{1: 2}', 'expected a key, found a value'],
    ['{"values" [1]}', 'expected ":" after a key, found "["'],
  ])('%s is refused: %s', async (text, reason) => {
    await expect(parse(text)).rejects.toThrow(SampleInputError);
    await expect(parse(text)).rejects.toThrow(reason);
  });
});

describe('CSV', () => {
  const csv = 'id,score,"city, country"\r\n1,0.5,"Paris, FR"\r\n2,,"say ""hi""\nthere"\r\n\r\n3,-1e2,Lyon\r\n';

  test('one column by name: quoted fields, "" escapes, line breaks in quotes, CRLF, blank lines, empty cells', async () => {
    const score = await everySplit(csv, 'score');
    expect(score.format).toBe('csv');
    expect(Array.from(score.numbers)).toEqual([0.5, -100]);
    expect(score.missing).toBe(1);
    const city = await everySplit(csv, 'city, country');
    expect(city.labels).toEqual(['Paris, FR', 'say "hi"\nthere', 'Lyon']);
  });

  test('a one-column file needs no --column; a BOM and a missing final line break are fine', async () => {
    const s = await everySplit('\uFEFFvalue\n1\n2\n3');
    expect(Array.from(s.numbers)).toEqual([1, 2, 3]);
  });

  test('NaN and inf are remembered with their line; other text is a label', async () => {
    const s = await parse('v\n1\nnan\n2\n-Inf\nabc\n');
    expect(s.nonFinite).toEqual({ text: 'nan', where: 'in.txt: line 3' });
    expect(s.firstLabel).toEqual({ text: 'abc', where: 'in.txt: line 6' });
  });

  test('line numbers count the line breaks inside quoted fields', async () => {
    const s = await parse('a,b\n"x\ny",1\nq,oops\n', 'b');
    expect(s.firstLabel).toEqual({ text: 'oops', where: 'in.txt: line 4' });
  });

  test.each([
    ['a,b\n1,2\n', undefined, 'a CSV file with several columns needs --column NAME (columns: a, b)'],
    ['a,b\n1,2\n', 'c', 'no column "c" in the header (columns: a, b)'],
    ['a,b\n1,2\n3\n', 'b', 'line 3 has 1 field; column "b" is field 2'],
    ['a,b\n1,"2\n', 'b', 'line 2: a quoted field is not closed'],
  ])('%j (column %s) is refused: %s', async (text, column, reason) => {
    await expect(parse(text, column)).rejects.toThrow(reason);
  });
});

test('an empty input is refused', async () => {
  await expect(parse('  \n')).rejects.toThrow('is empty, expected a JSON array');
});
