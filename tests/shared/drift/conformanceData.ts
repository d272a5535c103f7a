import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The SciPy reference values of tests/conformance/drift (written by its generate.py; see the README there). */
export const CONFORMANCE_DIR = join(__dirname, '..', '..', 'conformance', 'drift');

/** Reads one reference file; "inf", "-inf" and "nan" strings become numbers again. */
export function loadReference<T>(file: string): T {
  return JSON.parse(readFileSync(join(CONFORMANCE_DIR, file), 'utf8'), (_key, value) =>
    value === 'inf' ? Number.POSITIVE_INFINITY : value === '-inf' ? Number.NEGATIVE_INFINITY : value === 'nan' ? Number.NaN : value,
  ) as T;
}

/** Below this a double is subnormal and has fewer significant digits: compared absolutely there. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** |actual − expected| ≤ relative·|expected| (exact equality for infinities and zeros, absolute among subnormals). */
export function expectRelative(actual: number, expected: number, relative: number, what: string): void {
  const ok =
    actual === expected ||
    (Math.abs(expected) < SMALLEST_NORMAL
      ? Math.abs(actual) < SMALLEST_NORMAL
      : Math.abs(actual - expected) <= relative * Math.abs(expected));
  if (!ok)
    throw new Error(`${what}: got ${actual}, SciPy ${expected} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`);
}
