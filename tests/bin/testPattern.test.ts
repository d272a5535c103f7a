import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPatternCommand } from '../../bin/commands/testPattern';
import { runCommand } from '../helpers/runCommand';

/** Runs the command in-process, capturing what it writes. */
const run = (argv: string[]) => runCommand(testPatternCommand, argv);

function lines(stdout: string): unknown[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('vigil test-pattern', () => {
  let directory: string;
  const file = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'vigil-test-pattern-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const vectors = [
    { id: 'yes', pattern: { source: ['aws.ec2'] }, event: { source: 'aws.ec2' }, match: false },
    { id: 'no', pattern: { source: ['aws.ec2'] }, event: { source: 'aws.s3' } },
    { id: 'bad', pattern: { source: [] }, invalid: true },
    { id: 'claimed-invalid', pattern: { source: [{ prefix: '' }] }, event: { source: 'x' }, invalid: true },
    { id: 7, pattern: '{"a": [{"numeric": [">", 1]}]}', event: { a: 2 } },
  ];
  const expected = [
    { id: 'yes', match: true },
    { id: 'no', match: false },
    { id: 'bad', invalid: true, error: 'Empty arrays are not allowed' },
    { id: 'claimed-invalid', match: true },
    { id: 7, match: true },
  ];

  it('prints one result line per vector of a JSON array, ignoring the expected fields', async () => {
    const result = await run([file('vectors.json', JSON.stringify(vectors, null, 2))]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual(expected);
  });

  it('reads JSON Lines', async () => {
    const jsonl = `${vectors.map((vector) => JSON.stringify(vector)).join('\n')}\n\n`;
    const result = await run([file('vectors.jsonl', jsonl)]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(expected);
  });

  it('reads a one-vector JSON Lines file', async () => {
    const result = await run([file('one.jsonl', JSON.stringify(vectors[0]))]);
    expect(lines(result.stdout)).toEqual([expected[0]]);
  });

  it('runs the shared conformance vectors with the expected results', async () => {
    const path = join(__dirname, '../conformance/eventbridge-patterns.json');
    const result = await run([path]);
    expect(result.code).toBe(0);
    const output = lines(result.stdout) as { id: string; match?: boolean; invalid?: true }[];
    const conformance: { id: string; match?: boolean; invalid?: true }[] = JSON.parse(readFileSync(path, 'utf8'));
    expect(output.map(({ id, match, invalid }) => ({ id, match, invalid }))).toEqual(
      conformance.map(({ id, match, invalid }) => ({ id, match, invalid })),
    );
  });

  it('prints usage for --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: vigil test-pattern/);
  });

  const failures: [string, () => string[], RegExp][] = [
    ['no argument', () => [], /expected exactly one vectors file/],
    ['two files', () => ['a.json', 'b.json'], /expected exactly one vectors file/],
    ['an unknown option', () => ['--fast', 'a.json'], /unknown option "--fast"/],
    ['a missing file', () => [join(directory, 'missing.json')], /missing\.json: no such file/],
    ['a directory', () => [directory], /is a directory/],
    ['an empty file', () => [file('empty.json', '  \n')], /is empty/],
    ['text that is not JSON', () => [file('text.json', 'hello\nworld')], /not valid JSON or JSON Lines: line 1/],
    ['a broken JSON array', () => [file('broken.json', '[{"id": 1},')], /not valid JSON/],
    ['a JSON object', () => [file('object.json', '{\n  "id": 1\n}')], /not a JSON array/],
    ['a JSON number', () => [file('number.json', '42')], /not a JSON array/],
    ['a broken JSON Lines line', () => [file('lines.jsonl', '{"pattern": {}}\n{oops')], /line 2/],
    ['a vector that is not an object', () => [file('scalar.json', '[1]')], /vector 1 is not an object/],
    ['a vector without pattern', () => [file('nopattern.json', '[{"id": 1}]')], /vector 1 has no "pattern"/],
  ];

  test.each(failures)('exits 2 with a message on stderr for %s', async (_name, argv, message) => {
    const result = await run(argv());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^vigil test-pattern: /);
  });
});
