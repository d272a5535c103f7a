import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePattern, InvalidEventPatternError, matchesPattern } from '../../../shared/eventPattern';

interface Vector {
  id: string;
  pattern: unknown;
  event?: unknown;
  match?: boolean;
  invalid?: true;
  note?: string;
}

// Copied from /work/shared/conformance (see tests/conformance/README.md for origin and licence).
const vectors: Vector[] = JSON.parse(readFileSync(join(__dirname, '../../conformance/eventbridge-patterns.json'), 'utf8'));
const matchVectors = vectors.filter((vector) => vector.invalid !== true);
const invalidVectors = vectors.filter((vector) => vector.invalid === true);

describe('EventBridge conformance vectors', () => {
  it('has every vector of the shared suite', () => {
    expect(vectors).toHaveLength(153);
    expect(matchVectors.length + invalidVectors.length).toBe(vectors.length);
  });

  test.each(matchVectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    expect(matchesPattern(compilePattern(vector.pattern), vector.event)).toBe(vector.match);
  });

  test.each(invalidVectors.map((vector) => [vector.id, vector] as const))('%s is rejected', (_id, vector) => {
    expect(() => compilePattern(vector.pattern)).toThrow(InvalidEventPatternError);
  });
});
