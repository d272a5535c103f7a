import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSampleRatio, twoProportionZTest } from '../../../../shared/telemetry/experiments';

/** SciPy's values (tests/conformance/experiments/generate.py), to 1e-9 relative. */
const DIR = join(__dirname, '../../../conformance/experiments');
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')).cases as any[];

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)) + 1e-15);
};

test.each(read('two-proportion.json').map((c) => [`${JSON.stringify(c.control)} vs ${JSON.stringify(c.treatment)}`, c]))(
  'two-proportion z-test %s',
  (_name, c) => {
    const result = twoProportionZTest(c.control, c.treatment);
    close(result.difference, c.difference);
    close(result.relativeLift, c.relativeLift);
    close(result.z, c.z);
    close(result.pValue, c.pValue);
    close(result.ci95.low, c.ci95.low);
    close(result.ci95.high, c.ci95.high);
  },
);

test.each(read('sample-ratio.json').map((c) => [`${c.observed.join('/')} against ${c.weights.join('/')}`, c]))(
  'sample-ratio check %s',
  (_name, c) => {
    const names = c.observed.map((_: number, i: number) => `v${i}`);
    const exposed = new Map<string, number>(names.map((n: string, i: number) => [n, c.observed[i]]));
    const allocation = new Map<string, number>(names.map((n: string, i: number) => [n, c.weights[i]]));
    const check = checkSampleRatio(exposed, allocation);
    close(check.statistic, c.statistic);
    close(check.pValue, c.pValue);
    expect(check.degreesOfFreedom).toBe(c.degreesOfFreedom);
    names.forEach((n: string, i: number) => {
      close(check.expected[n]!, c.expected[i]);
    });
    expect(check.checked).toBe(true);
    expect(check.mismatch).toBe(c.mismatch);
  },
);
