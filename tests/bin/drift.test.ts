import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driftCommand } from '../../bin/commands/drift';
import { categoryCounts, compareCategorical, compareNumeric, numericSample } from '../../shared/drift';
import { runCommand } from '../helpers/runCommand';

/** `vigil drift` run in-process: its output, its errors and exit codes. */

const run = (...argv: string[]) => runCommand(driftCommand, argv);

const dir = mkdtempSync(join(tmpdir(), 'vigil-drift-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const stats = (run: string) => join(__dirname, '..', 'conformance', 'drift', 'model-monitor', run, 'statistics.json');

const reference = [0.1, 0.5, -1.2, 2.2, 0.9, 1.4, -0.3, 0.05, 1.1, 0.7];
const current = [0.8, 1.9, 0.2, 2.5, 1.7, 3.1, 0.6, 1.2];

describe('samples', () => {
  test('two JSON files: every numeric statistic, as shared/drift computes it', async () => {
    const result = await run(
      '--reference',
      file('r.json', JSON.stringify(reference)),
      '--current',
      file('c.json', JSON.stringify({ values: current })),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const output = JSON.parse(result.stdout);
    const { type, referenceSize, currentSize, ...expected } = compareNumeric(numericSample(reference), numericSample(current));
    expect(output).toEqual({
      type: 'numerical',
      reference: { file: join(dir, 'r.json'), count: 10, missing: 0 },
      current: { file: join(dir, 'c.json'), count: 8, missing: 0 },
      ...expected,
    });
    expect(Object.keys(output)).toEqual(
      expect.arrayContaining(['ks', 'psi', 'jensenShannon', 'wasserstein', 'wassersteinNormed', 'hellinger', 'baselineDistance']),
    );
  });

  test('a CSV column against a JSON array; empty cells are missing values', async () => {
    const csv = file('c.csv', `id,amount\n${current.map((x, i) => `${i},${x}`).join('\n')}\n9,\n`);
    const output = JSON.parse(
      (await run('--reference', file('r2.json', JSON.stringify(reference)), '--current', csv, '--column', 'amount')).stdout,
    );
    expect(output.current).toEqual({ file: csv, count: 8, missing: 1 });
    expect(output.ks).toEqual(compareNumeric(numericSample(reference), numericSample(current)).ks);
  });

  test('labels make the samples categorical; --type categorical reads numbers as labels', async () => {
    const r = file('cr.json', JSON.stringify(['ios', 'ios', 'android', 'web', null]));
    const c = file('cc.json', JSON.stringify(['ios', 'android', 'android', 'tv']));
    const output = JSON.parse((await run('--reference', r, '--current', c)).stdout);
    const expected = compareCategorical(
      categoryCounts(['ios', 'ios', 'android', 'web']),
      categoryCounts(['ios', 'android', 'android', 'tv']),
    );
    expect(output).toMatchObject({
      type: 'categorical',
      reference: { count: 4, missing: 1 },
      newCategories: ['tv'],
      missingCategories: ['web'],
    });
    expect(output.chiSquare).toEqual(expected.chiSquare);
    // A category absent from the reference makes the goodness-of-fit statistic infinite: written as "inf".
    expect(output.chiSquareGoodnessOfFit).toEqual({ statistic: 'inf', pValue: 0, degreesOfFreedom: 3 });
    const numbers = JSON.parse(
      (await run('--reference', file('n1.json', '[1, 2, 2, 3]'), '--current', file('n2.json', '[1, 1, 2]'), '--type', 'categorical'))
        .stdout,
    );
    expect(numbers).toMatchObject({ type: 'categorical', categories: 3 });
  });

  test('--alpha sets the robust coefficient', async () => {
    const r = file('a1.json', JSON.stringify(reference));
    const c = file('a2.json', JSON.stringify(current));
    const output = JSON.parse((await run('--reference', r, '--current', c, '--alpha', '0.5')).stdout);
    expect(output.baselineDistance).toEqual(
      compareNumeric(numericSample(reference), numericSample(current), { alpha: 0.5 }).baselineDistance,
    );
  });

  test.each([
    [['--reference', 'nope.json', '--current', 'nope.json'], 'nope.json: no such file'],
    [['--reference', '@empty', '--current', '@numbers'], 'is empty, expected a JSON array'],
    [['--reference', '@nan', '--current', '@numbers'], 'nan.json: value 2 is NaN: a numeric sample must hold finite numbers only'],
    [['--reference', '@nulls', '--current', '@numbers'], 'the reference sample holds no value (2 missing)'],
    [['--reference', '@numbers', '--current', '@words', '--type', 'numerical'], 'words.json: value 1 is "a", not a number'],
    [['--reference', '@numbers', '--current', '@numbers', '--column', 'x'], '--column picks a CSV column, and both files are JSON'],
    [['--reference', '@numbers'], '--reference FILE and --current FILE are required'],
    [['--reference', '@numbers', '--current', '@numbers', '--alpha', '1.5'], '--alpha must be a number in (0, 1), not "1.5"'],
    [['--reference', '@numbers', '--current', '@numbers', '--type', 'ordinal'], '--type must be numerical or categorical'],
    [['--reference', '@numbers', '--current', '@numbers', '--threshold', '0.2'], '--threshold applies to statistics.json files'],
    [['--reference', '@numbers', '--current', '@numbers', '--frobnicate', '1'], 'unknown option "--frobnicate"'],
    [['--reference', '@numbers', '--reference-stats', 'x'], 'give either --reference/--current or --reference-stats/--current-stats'],
  ])('%j: exit code 2, %s', async (args, reason) => {
    const files: Record<string, string> = {
      '@empty': file('empty.json', ''),
      '@nan': file('nan.json', '[1, NaN]'),
      '@nulls': file('nulls.json', '[null, null]'),
      '@numbers': file('numbers.json', '[1, 2, 3]'),
      '@words': file('words.json', '["a", "b"]'),
    };
    const result = await run(...args.map((a) => files[a] ?? a));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`vigil drift: `);
    expect(result.stderr).toContain(reason);
  });
});

describe('Model Monitor statistics.json', () => {
  test('feature by feature: name, type, drift and the baseline distances, then the dataset share', async () => {
    const result = await run('--reference-stats', stats('baseline'), '--current-stats', stats('run-drifted'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const output = JSON.parse(result.stdout);
    expect(output.comparison).toEqual({ method: 'simple', threshold: 0.1 });
    expect(output.features.map((f: any) => [f.name, f.type, f.drift])).toEqual([
      ['age', 'numerical', false],
      ['account_balance', 'numerical', true],
      ['session_seconds', 'numerical', true],
      ['country', 'categorical', true],
      ['plan', 'categorical', true],
    ]);
    for (const feature of output.features) {
      expect(feature.baselineDistance).toEqual({ simple: expect.any(Number), robust: expect.any(Number) });
      expect(feature.baselineDistance.robust).toBeLessThanOrEqual(feature.baselineDistance.simple);
    }
    expect(output.features[1]).toEqual(
      expect.objectContaining({ ks: expect.any(Object), wasserstein: expect.any(Number), psi: expect.any(Number) }),
    );
    expect(output.dataset).toEqual({ features: 5, drifted: 4, share: 0.8, drift: true, threshold: 0.5 });
  });

  test('--comparison-method robust, --threshold and --drift-share', async () => {
    const output = JSON.parse(
      (
        await run(
          '--reference-stats',
          stats('baseline'),
          '--current-stats',
          stats('run-drifted'),
          '--comparison-method',
          'robust',
          '--threshold',
          '0.2',
          '--drift-share',
          '0.2',
        )
      ).stdout,
    );
    expect(output.comparison).toEqual({ method: 'robust', threshold: 0.2 });
    expect(output.features.filter((f: any) => f.drift).map((f: any) => f.name)).toEqual(['session_seconds']);
    expect(output.dataset).toMatchObject({ drifted: 1, share: 0.2, drift: true, threshold: 0.2 });
  });

  test('a schema change lists the features it could not compare, with the reason', async () => {
    const output = JSON.parse((await run('--reference-stats', stats('baseline'), '--current-stats', stats('run-schema-changed'))).stdout);
    expect(output.features.filter((f: any) => f.skipped).map((f: any) => `${f.name}: ${f.skipped}`)).toEqual([
      'age: numerical in the baseline but categorical in the current statistics',
      'plan: missing from the current statistics',
      'referrer: not in the baseline statistics',
    ]);
  });

  test.each([
    ['missing.json', 'missing.json: no such file'],
    ['@notjson', 'not valid JSON'],
    ['@shape', 'not a Model Monitor statistics.json: Invalid input: expected array, received undefined at features'],
    ['@sketch', 'expected number, received null at features.0.numerical_statistics.distribution.kll.sketch.data.1.0'],
  ])('%s: exit code 2, %s', async (which, reason) => {
    const files: Record<string, string> = {
      '@notjson': file('notjson.json', '{"features": ['),
      '@shape': file('shape.json', '{"dataset": {}}'),
      '@sketch': file(
        'sketch.json',
        JSON.stringify({
          features: [
            {
              name: 'x',
              inferred_type: 'Fractional',
              numerical_statistics: {
                distribution: { kll: { sketch: { parameters: { c: 0.64, k: 2048 }, data: [[1], [Number.POSITIVE_INFINITY]] } } },
              },
            },
          ],
        }),
      ),
    };
    const target = files[which] ?? join(dir, which);
    const result = await run('--reference-stats', stats('baseline'), '--current-stats', target);
    const asBaseline = await run('--reference-stats', target, '--current-stats', stats('baseline'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(asBaseline.code).toBe(2);
  });
});

test('--help prints the usage with exit code 0', async () => {
  const result = await run('--help');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('usage: vigil drift --reference FILE --current FILE');
  expect(result.stdout).toContain('--reference-stats BASELINE/statistics.json');
});
