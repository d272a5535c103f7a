import type { CompiledBranch, FieldCondition } from './compiledPattern';
import { CompiledPattern } from './compiledPattern';
import { InvalidEventPatternError } from './errors';
import type { EventPath } from './eventPath';
import { compileEventPath } from './eventPath';
import { parseIpAddress, singleAddressRange } from './ip';
import { MAX_EVENT_PATTERN_LENGTH, MAX_OR_COMBINATIONS, MAX_WILDCARD_COMPLEXITY } from './limits';
import { addMatchExpression, isObject, RESERVED_FIELD_NAMES_IN_OR } from './matchExpression';
import type { ValueCondition } from './valueCondition';
import { ValueConditionBuilder } from './valueCondition';
import type { WildcardPattern } from './wildcard';
import { wildcardComplexityExceeds } from './wildcardComplexity';

/**
 * Validates and compiles an event pattern (a parsed object, or its JSON text).
 *
 * Checks run in the order EventBridge applies them: the pattern size, the JSON syntax, then event-ruler's
 * JsonRuleCompiler rules in document order (so the first problem in the text is the one reported), then the
 * service-only limits on `$or` combinations and wildcard complexity.
 *
 * @throws InvalidEventPatternError with event-ruler's reason as message, e.g. `Empty arrays are not allowed`.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  const root = readPatternRoot(pattern);
  const entries: PatternEntry[] = [];
  parseObject(root, null, false, entries);

  if (countCombinations(entries) > MAX_OR_COMBINATIONS) {
    invalid(`The use of $or results in more than ${MAX_OR_COMBINATIONS} rule combinations`);
  }
  const eventPaths = new Map<string, EventPath>();
  const branches = expandOr(entries, [new Map()]).map((subPattern) => toBranch(subPattern, eventPaths));
  if (anyWildcardFieldTooComplex(branches)) {
    invalid('Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character');
  }
  return new CompiledPattern(branches);
}

/** A field of the pattern or an `$or`, in document order. Nested objects are flattened into dotted paths. */
type PatternEntry =
  | { readonly kind: 'field'; readonly path: string; readonly condition: ValueCondition }
  | { readonly kind: 'or'; readonly branches: readonly (readonly PatternEntry[])[] };

/**
 * The pattern's top-level object. A string is JSON text; anything else is taken as already parsed, and measured by
 * its compact JSON form.
 */
function readPatternRoot(pattern: unknown): Record<string, unknown> {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    checkSize(pattern.length);
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      throw new InvalidEventPatternError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  } else if (typeof pattern === 'object' && pattern !== null) {
    let text: string;
    try {
      text = JSON.stringify(pattern);
    } catch (error) {
      throw new InvalidEventPatternError(`Pattern cannot be written as JSON: ${String(error)}`, { cause: error });
    }
    checkSize(text.length);
  }
  if (!isObject(parsed)) invalid('Filter is not an object');
  return parsed;
}

function checkSize(length: number): void {
  if (length > MAX_EVENT_PATTERN_LENGTH) {
    invalid(
      `Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVENT_PATTERN_LENGTH}`,
    );
  }
}

/**
 * Walks one pattern object. `prefix` is the dotted path of the object (null at the top); `insideOr` is set within
 * the branches of an `$or`, where operator names may not be used as field names.
 */
function parseObject(object: Record<string, unknown>, prefix: string | null, insideOr: boolean, entries: PatternEntry[]): void {
  let fieldsPresent = false;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue; // not JSON: JSON.stringify drops it too
    fieldsPresent = true;
    if (key === '$or') {
      entries.push(parseOr(value, prefix));
      continue;
    }
    if (insideOr && RESERVED_FIELD_NAMES_IN_OR.has(key)) {
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    const path = prefix === null ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      entries.push({ kind: 'field', path, condition: parseFieldValues(value) });
    } else if (isObject(value)) {
      parseObject(value, path, insideOr, entries);
    } else {
      invalid(`"${key}" must be an object or an array`);
    }
  }
  if (!fieldsPresent) invalid('Empty objects are not allowed');
}

/**
 * Decision (event-ruler's legacy fallback): when `$or` is misused, event-ruler's Machine silently retries with its
 * old compiler, which takes `$or` as an ordinary field name. EventBridge reports JsonRuleCompiler's errors, and a
 * field literally named `$or` is almost certainly a mistake, so such patterns are rejected here.
 */
function parseOr(value: unknown, prefix: string | null): PatternEntry {
  if (!Array.isArray(value)) invalid('It must be an Array followed with $or.');
  const branches: PatternEntry[][] = [];
  for (const element of value) {
    if (!isObject(element)) invalid('Only JSON object is allowed in array of $or relationship.');
    const branch: PatternEntry[] = [];
    parseObject(element, prefix, true, branch);
    branches.push(branch);
  }
  if (branches.length < 2) invalid('There must have at least 2 Objects in $or relationship.');
  return { kind: 'or', branches };
}

/**
 * A field's array: literals and operator objects, ORed. IP-shaped strings compare as addresses, not as text.
 *
 * Numbers compare by value (300 matches 300.0 and 3.0e2), as event-ruler and AWS do, not by their text as the user
 * guide says. Known gap: event-ruler also keeps the literal text, so numbers a double cannot hold (20-digit ids) only
 * equal the same digits; once JSON.parse has read pattern and event, 12345678901234567890 and ...891 are one double.
 */
function parseFieldValues(values: readonly unknown[]): ValueCondition {
  const builder = new ValueConditionBuilder();
  for (const value of values) {
    if (typeof value === 'string') {
      const address = parseIpAddress(value);
      if (address === null) builder.exactStrings.add(value);
      else builder.ipRanges.push(singleAddressRange(address));
    } else if (typeof value === 'number') {
      builder.exactNumbers.add(value);
    } else if (typeof value === 'boolean') {
      if (value) builder.exactTrue = true;
      else builder.exactFalse = true;
    } else if (value === null) {
      builder.exactNull = true;
    } else if (isObject(value)) {
      addMatchExpression(value, builder);
    } else {
      invalid('Match value must be String, number, true, false, or null');
    }
  }
  if (values.length === 0) invalid('Empty arrays are not allowed');
  return builder.build();
}

/** How many sub-patterns `$or` expansion yields (saturating just above the limit, so huge patterns stay cheap). */
function countCombinations(entries: readonly PatternEntry[]): number {
  let total = 1;
  for (const entry of entries) {
    if (entry.kind !== 'or') continue;
    let alternatives = 0;
    for (const branch of entry.branches) alternatives += countCombinations(branch);
    total = Math.min(total * alternatives, MAX_OR_COMBINATIONS + 1);
  }
  return total;
}

/**
 * `$or` expansion as event-ruler does it: entries apply in document order to every sub-pattern built so far, an
 * `$or` forks each of them once per branch, and a field written again replaces the earlier condition on its path.
 *
 * Decision (a field repeated inside an `$or` branch): event-ruler's default "overriding" mode makes the later one
 * win, so `{"name": ["a"], "$or": [{"name": [...]}, ...]}` lets the branch replace the outer condition, while
 * with `$or` written first the outer one replaces every branch's. That key-order behaviour is reproduced, not rejected.
 */
function expandOr(entries: readonly PatternEntry[], subPatterns: Map<string, ValueCondition>[]): Map<string, ValueCondition>[] {
  let current = subPatterns;
  for (const entry of entries) {
    if (entry.kind === 'field') {
      for (const subPattern of current) subPattern.set(entry.path, entry.condition);
    } else {
      const forked = current;
      current = entry.branches.flatMap((branch) =>
        expandOr(
          branch,
          forked.map((subPattern) => new Map(subPattern)),
        ),
      );
    }
  }
  return current;
}

/** `eventPaths` shares one EventPath per path between branches. */
function toBranch(subPattern: ReadonlyMap<string, ValueCondition>, eventPaths: Map<string, EventPath>): CompiledBranch {
  const fields: FieldCondition[] = [...subPattern]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, condition]) => {
      let eventPath = eventPaths.get(path);
      if (eventPath === undefined) eventPaths.set(path, (eventPath = compileEventPath(path)));
      return { path, eventPath, condition };
    });
  const evaluationOrder = fields
    .map((field, index) => ({ index, cost: field.eventPath.segmentCount }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map(({ index }) => index);
  return { fields, evaluationOrder };
}

/** The wildcard patterns of each path (across `$or` branches) are checked together, as one automaton would run them. */
function anyWildcardFieldTooComplex(branches: readonly CompiledBranch[]): boolean {
  const patternsByPath = new Map<string, Map<string, WildcardPattern>>();
  for (const { fields } of branches) {
    for (const { path, condition } of fields) {
      for (const pattern of condition.wildcardPatterns) {
        let patterns = patternsByPath.get(path);
        if (patterns === undefined) patternsByPath.set(path, (patterns = new Map()));
        patterns.set(JSON.stringify(pattern.pieces), pattern);
      }
    }
  }
  for (const patterns of patternsByPath.values()) {
    if (wildcardComplexityExceeds([...patterns.values()], MAX_WILDCARD_COMPLEXITY)) return true;
  }
  return false;
}

function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
