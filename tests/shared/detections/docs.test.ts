import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTIONS, runbookFor, type Detection } from '../../../shared/detections';
import { DETECTIONS_DOC, renderDetectionsMarkdown } from '../../../shared/detections/docs';

const root = join(__dirname, '..', '..', '..');

test('docs/detections.md is generated from the registered detections (run `npm run docs` when this fails)', () => {
  const committed = existsSync(join(root, DETECTIONS_DOC)) ? readFileSync(join(root, DETECTIONS_DOC), 'utf8') : '';
  const expected = renderDetectionsMarkdown(DETECTIONS);
  if (committed !== expected) {
    throw new Error(`${DETECTIONS_DOC} is out of date with the registered detections: run npm run docs, and commit the result`);
  }
});

const missingRunbooks = (detections: readonly Detection[]) =>
  detections.map((d) => runbookFor(d.definition.id)).filter((path) => !existsSync(join(root, path)));

test('every registered detection has its runbook', () => {
  expect(missingRunbooks(DETECTIONS)).toEqual([]);
});

test('the generated catalogue lists each detection with its kind, trigger, parameters and defaults', () => {
  const text = renderDetectionsMarkdown(DETECTIONS);
  expect(text).toContain('| `console-bruteforce-per-user` | Repeated failed console sign-ins for one user | medium | T1110.001 | window |');
  expect(text).toContain('| `threshold` | `5` |');
  expect(text).toContain('- First step: `console-bruteforce-per-user`');
  expect(text).toContain('"responseElements":{"ConsoleLogin":["Failure"]}');
});

test('a detection without a runbook or with stale docs would be caught', () => {
  const renamed = DETECTIONS.map((d) =>
    d.definition.id === 'root-console-login' ? { ...d, definition: { ...d.definition, id: 'no-such-runbook' } } : d,
  );
  expect(renderDetectionsMarkdown(renamed)).not.toEqual(renderDetectionsMarkdown(DETECTIONS));
  expect(missingRunbooks(renamed)).toEqual(['docs/runbooks/no-such-runbook.md']);
});

test('ids are unique, kebab-case, and every definition is complete', () => {
  const ids = DETECTIONS.map((d) => d.definition.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const d of DETECTIONS) {
    expect(d.definition.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(d.definition.title.length).toBeGreaterThan(0);
    expect(d.definition.mitre.length).toBeGreaterThan(0);
    expect(() => d.parameters.parse({})).not.toThrow();
  }
});
