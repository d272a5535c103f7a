import { compilePattern } from './compile';
import { CompiledPattern } from './compiledPattern';
import { InvalidEventPatternError } from './errors';
import type { EventPath } from './eventPath';
import { compileEventPath, LeafCollector } from './eventPath';
import { matchesPattern } from './match';

export interface Rule<T> {
  /** An event pattern (object or JSON text), or one already compiled. */
  readonly pattern: unknown;
  readonly value: T;
}

/**
 * A fixed set of rules, matched together. Rules that demand one of a few exact strings on a top-level field
 * (usually `source`) are indexed by that field, so an event is only tested against the rules that could accept its
 * value there, plus the rules the index cannot describe.
 */
export class RuleSet<T> {
  private readonly patterns: readonly CompiledPattern[];
  private readonly values: readonly T[];
  private readonly index: RuleIndex | null;
  /** Per rule, the match call that last found it among the index's candidates (a generation counter, no clearing). */
  private readonly candidateMarks: Uint32Array;
  private generation = 0;
  private readonly collector = new LeafCollector();

  /** @throws InvalidEventPatternError naming the first invalid rule; the cause is the pattern's own error. */
  constructor(rules: readonly Rule<T>[]) {
    this.patterns = rules.map(({ pattern }, position) => compileRule(pattern, position));
    this.values = rules.map(({ value }) => value);
    this.index = buildIndex(this.patterns);
    this.candidateMarks = new Uint32Array(this.patterns.length);
  }

  get size(): number {
    return this.patterns.length;
  }

  /** The values of every rule the event matches, in the order the rules were given. */
  match(event: unknown): T[] {
    const matched: T[] = [];
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return matched;
    const { index, patterns, values } = this;
    if (index === null) {
      for (let i = 0; i < patterns.length; i++) {
        if (matchesPattern(patterns[i]!, event)) matched.push(values[i]!);
      }
      return matched;
    }

    const generation = this.nextGeneration();
    const marks = this.candidateMarks;
    const leaves = this.collector.collect(event as Record<string, unknown>, index.eventPath);
    for (let i = 0; i < leaves.count; i++) {
      const leaf = leaves.values[i];
      if (typeof leaf !== 'string') continue;
      const rules = index.rulesByValue.get(leaf);
      if (rules === undefined) continue;
      for (const rule of rules) marks[rule] = generation;
    }
    for (let i = 0; i < patterns.length; i++) {
      if (index.indexed[i] && marks[i] !== generation) continue;
      if (matchesPattern(patterns[i]!, event)) matched.push(values[i]!);
    }
    return matched;
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.candidateMarks.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

interface RuleIndex {
  readonly eventPath: EventPath;
  /** indexed[i]: rule i can only match when the field holds one of the strings it is listed under. */
  readonly indexed: readonly boolean[];
  readonly rulesByValue: ReadonlyMap<string, readonly number[]>;
}

function compileRule(pattern: unknown, position: number): CompiledPattern {
  if (pattern instanceof CompiledPattern) return pattern;
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    throw new InvalidEventPatternError(`Rule ${position}: ${error.message}`, { cause: error });
  }
}

/**
 * Picks the top-level field (a single path segment, so no dotted-key alternatives) that the most rules constrain
 * to plain strings in every `$or` branch, and maps each of those strings to its rules.
 */
function buildIndex(patterns: readonly CompiledPattern[]): RuleIndex | null {
  const acceptedByField = new Map<string, Map<number, Set<string>>>();
  patterns.forEach((pattern, rule) => {
    for (const [field, strings] of stringOnlyTopLevelFields(pattern)) {
      let rules = acceptedByField.get(field);
      if (rules === undefined) acceptedByField.set(field, (rules = new Map()));
      rules.set(rule, strings);
    }
  });

  let best: [string, Map<number, Set<string>>] | null = null;
  for (const entry of acceptedByField) {
    if (best === null || entry[1].size > best[1].size) best = entry;
  }
  if (best === null) return null;

  const [field, acceptedByRule] = best;
  const rulesByValue = new Map<string, number[]>();
  for (const [rule, strings] of acceptedByRule) {
    for (const value of strings) {
      const rules = rulesByValue.get(value);
      if (rules === undefined) rulesByValue.set(value, [rule]);
      else rules.push(rule);
    }
  }
  return {
    eventPath: compileEventPath(field),
    indexed: patterns.map((_, rule) => acceptedByRule.has(rule)),
    rulesByValue,
  };
}

/** Top-level fields every branch of the pattern restricts to plain strings, with the union of those strings. */
function stringOnlyTopLevelFields(pattern: CompiledPattern): Map<string, Set<string>> {
  let result: Map<string, Set<string>> | null = null;
  for (const branch of pattern.branches) {
    const inBranch = new Map<string, ReadonlySet<string>>();
    for (const { path, eventPath, condition } of branch.fields) {
      const strings = eventPath.segmentCount === 1 ? condition.acceptedStringsOnly() : null;
      if (strings !== null) inBranch.set(path, strings);
    }
    if (result === null) {
      result = new Map([...inBranch].map(([path, strings]) => [path, new Set(strings)]));
      continue;
    }
    for (const [path, strings] of result) {
      const more = inBranch.get(path);
      if (more === undefined) result.delete(path);
      else for (const value of more) strings.add(value);
    }
  }
  return result ?? new Map();
}
