import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePattern, InvalidEventPatternError, matchesPattern, RuleSet } from '../../../shared/eventPattern';

describe('RuleSet', () => {
  const rules = [
    { pattern: { source: ['aws.ec2'] }, value: 'ec2' },
    { pattern: { source: [{ prefix: 'aws.' }], 'detail-type': ['AWS API Call via CloudTrail'] }, value: 'cloudtrail' },
    { pattern: { source: ['aws.ec2', 'aws.s3'], detail: { state: ['running'] } }, value: 'running' },
    { pattern: { detail: { state: [{ exists: true }] } }, value: 'has-state' },
    { pattern: { $or: [{ source: ['aws.s3'] }, { source: ['aws.ec2'], region: ['eu-west-1'] }] }, value: 'or' },
    { pattern: '{"source": ["aws.ec2"]}', value: 'ec2-again' },
  ];
  const ruleSet = new RuleSet(rules);

  it('returns the values of every matching rule, in insertion order', () => {
    expect(ruleSet.match({ source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail', detail: { state: 'running' } })).toEqual([
      'ec2',
      'cloudtrail',
      'running',
      'has-state',
      'ec2-again',
    ]);
    expect(ruleSet.match({ source: 'aws.ec2', region: 'eu-west-1' })).toEqual(['ec2', 'or', 'ec2-again']);
    expect(ruleSet.match({ source: 'aws.s3' })).toEqual(['or']);
    expect(ruleSet.match({ source: 'custom', detail: { state: 'x' } })).toEqual(['has-state']);
    expect(ruleSet.match({ source: ['custom', 'aws.s3'] })).toEqual(['or']);
    expect(ruleSet.match({})).toEqual([]);
    expect(ruleSet.match('not an event')).toEqual([]);
    expect(ruleSet.size).toBe(rules.length);
  });

  it('accepts compiled patterns and duplicate values', () => {
    const compiled = compilePattern({ a: ['1'] });
    expect(
      new RuleSet([
        { pattern: compiled, value: 1 },
        { pattern: compiled, value: 1 },
      ]).match({ a: '1' }),
    ).toEqual([1, 1]);
    expect(new RuleSet([]).match({ a: '1' })).toEqual([]);
  });

  it('names the invalid rule and keeps the pattern error as cause', () => {
    let caught: unknown;
    try {
      new RuleSet([
        { pattern: { a: ['1'] }, value: 0 },
        { pattern: { a: [] }, value: 1 },
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    expect((caught as Error).message).toBe('Rule 1: Empty arrays are not allowed');
    expect(((caught as Error).cause as Error).message).toBe('Empty arrays are not allowed');
  });

  it('agrees with matching each pattern alone, on the conformance vectors', () => {
    const vectors: { pattern: unknown; event?: unknown; invalid?: true }[] = JSON.parse(
      readFileSync(join(__dirname, '../../conformance/eventbridge-patterns.json'), 'utf8'),
    );
    const valid = vectors.filter((vector) => vector.invalid !== true);
    const all = new RuleSet(valid.map((vector, index) => ({ pattern: vector.pattern, value: index })));
    const compiled = valid.map((vector) => compilePattern(vector.pattern));
    for (const { event } of valid) {
      const expected = compiled.flatMap((pattern, index) => (matchesPattern(pattern, event) ? [index] : []));
      expect(all.match(event)).toEqual(expected);
    }
  });

  it('agrees with matching each pattern alone, on generated rules and events', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const sources = ['aws.ec2', 'aws.s3', 'aws.iam', 'vigil.app'];
    const pick = <T>(values: readonly T[]) => values[random(values.length)]!;
    const patterns = Array.from({ length: 40 }, () => {
      const kind = random(4);
      if (kind === 0) return { source: [pick(sources), pick(sources)] };
      if (kind === 1) return { source: [pick(sources)], detail: { n: [random(3)] } };
      if (kind === 2) return { $or: [{ source: [pick(sources)] }, { source: [pick(sources)], detail: { n: [1] } }] };
      return { detail: { n: [{ numeric: ['>', random(3)] }] } };
    });
    const set = new RuleSet(patterns.map((pattern, index) => ({ pattern, value: index })));
    const compiled = patterns.map((pattern) => compilePattern(pattern));
    for (let i = 0; i < 200; i++) {
      const event =
        random(5) === 0
          ? { source: [pick(sources), pick(sources)], detail: { n: random(3) } }
          : { source: pick(sources), detail: { n: random(3) } };
      const expected = compiled.flatMap((pattern, index) => (matchesPattern(pattern, event) ? [index] : []));
      expect(set.match(event)).toEqual(expected);
    }
  });

  it("compiles the project's rule patterns and routes a CloudTrail call", () => {
    const directory = join(__dirname, '../../../events/rules');
    const projectRules = readdirSync(directory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as { name: string; pattern: unknown });
    const set = new RuleSet(projectRules.map((rule) => ({ pattern: rule.pattern, value: rule.name })));
    expect(set.size).toBe(projectRules.length);
    const call = { source: 'aws.iam', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'CreateUser' } };
    expect(set.match(call)).toContain('cloudtrail-activity');
  });
});
