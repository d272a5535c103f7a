import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * No line of code or configuration over 140 characters. Biome formats to that width but leaves long
 * strings and comments alone, so this test holds the rest. Captured data (events/samples, the
 * fixtures in tests/events, third-party conformance data) keeps its lines as captured.
 */
const ROOT = join(__dirname, '..', '..');
const MAX = 140;
const SKIP = new Set(['node_modules', '.git', 'out', '.serverless', '.esbuild', 'coverage', '.vigil-data']);
const CAPTURED = ['events/samples', 'tests/events', 'tests/conformance'];
const CHECKED = /\.(ts|js|jsonc|yml|yaml)$|^(package|tsconfig)\.json$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path).split('\\').join('/');
    if (SKIP.has(entry.name) || CAPTURED.some((c) => rel === c || rel.startsWith(`${c}/`))) continue;
    if (entry.isDirectory()) yield* files(path);
    else if (CHECKED.test(entry.name)) yield rel;
  }
}

test(`no line over ${MAX} characters in code and configuration`, () => {
  const long: string[] = [];
  let checked = 0;
  for (const file of files(ROOT)) {
    checked += 1;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > MAX) long.push(`${file}:${i + 1} (${line.length})`);
      });
  }
  expect(checked).toBeGreaterThan(100);
  expect(long).toEqual([]);
});
