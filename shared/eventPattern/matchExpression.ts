import { InvalidEventPatternError } from './errors';
import { compileIgnoreCase } from './ignoreCase';
import { parseCidr } from './ip';
import type { StringMatcher } from './leafMatchers';
import {
  AnythingButLiteralsMatcher,
  AnythingButStringsMatcher,
  IgnoreCaseEqualsMatcher,
  IgnoreCasePrefixMatcher,
  IgnoreCaseSuffixMatcher,
  PrefixMatcher,
  SuffixMatcher,
  WildcardMatcher,
} from './leafMatchers';
import { parseNumericExpression, requireComparable } from './numeric';
import type { ValueConditionBuilder } from './valueCondition';
import { parseWildcard } from './wildcard';

/**
 * Operator objects inside a field's array (`{"prefix": "a"}`, `{"numeric": [...]}`, ...): validation with
 * event-ruler's messages, checked in the order its streaming parser meets them, then compilation into the builder.
 * Operator names are case-sensitive.
 */

export const Operator = {
  exactly: 'exactly',
  prefix: 'prefix',
  suffix: 'suffix',
  equalsIgnoreCase: 'equals-ignore-case',
  wildcard: 'wildcard',
  anythingBut: 'anything-but',
  numeric: 'numeric',
  exists: 'exists',
  cidr: 'cidr',
} as const;

/** Names that may not be used as field names inside `$or` (event-ruler's reserved list, future operators included). */
export const RESERVED_FIELD_NAMES_IN_OR: ReadonlySet<string> = new Set([
  ...Object.values(Operator),
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

const ONE_KEY_ONLY = 'Only one key allowed in match expression';
// event-ruler reuses its numeric message when numeric or anything-but objects have an extra key.
const TOO_MANY_ELEMENTS = 'Too many elements in numeric expression';

export function addMatchExpression(expression: Record<string, unknown>, into: ValueConditionBuilder): void {
  const keys = Object.keys(expression);
  const operator = keys[0];
  if (operator === undefined) invalid('Match expression name not found');
  const operand = expression[operator];
  const hasExtraKeys = keys.length > 1;

  switch (operator) {
    case Operator.exactly:
      if (typeof operand !== 'string') invalid('exact match pattern must be a string');
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      into.exactStrings.add(operand);
      return;
    case Operator.prefix:
    case Operator.suffix:
      into.stringMatchers.push(compileAffix(operator, operand));
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      return;
    case Operator.equalsIgnoreCase:
      if (typeof operand !== 'string') invalid('equals-ignore-case match pattern must be a string');
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      into.stringMatchers.push(new IgnoreCaseEqualsMatcher(compileIgnoreCase(operand)));
      return;
    case Operator.wildcard: {
      if (typeof operand !== 'string') invalid('wildcard match pattern must be a string');
      const pattern = parseWildcard(operand);
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      into.stringMatchers.push(new WildcardMatcher(pattern));
      into.wildcardPatterns.push(pattern);
      return;
    }
    case Operator.numeric:
      if (!Array.isArray(operand)) invalid('Value of numeric must be an array.');
      into.numericRanges.push(parseNumericExpression(operand));
      if (hasExtraKeys) invalid(TOO_MANY_ELEMENTS);
      return;
    case Operator.exists:
      if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.');
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      if (operand) into.existsTrue = true;
      else into.existsFalse = true;
      return;
    case Operator.cidr:
      // Sic: event-ruler says "prefix" here, and AWS returns that text.
      if (typeof operand !== 'string') invalid('prefix match pattern must be a string');
      into.ipRanges.push(parseCidr(operand));
      if (hasExtraKeys) invalid(ONE_KEY_ONLY);
      return;
    case Operator.anythingBut:
      addAnythingBut(operand, into);
      if (hasExtraKeys) invalid(TOO_MANY_ELEMENTS);
      return;
    default:
      invalid(`Unrecognized match type ${operator}`);
  }
}

/** `{"prefix": "x"}` or `{"prefix": {"equals-ignore-case": "x"}}`, and the same for suffix. */
function compileAffix(operator: 'prefix' | 'suffix', operand: unknown): StringMatcher {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const inner = keys[0];
    const label = operator === 'prefix' ? 'Prefix' : 'Suffix';
    if (inner === undefined) invalid(`${label} expression name not found`);
    if (inner !== Operator.equalsIgnoreCase) invalid(`Unsupported ${operator} pattern: ${inner}`);
    const text = operand[inner];
    if (typeof text !== 'string') invalid('equals-ignore-case match pattern must be a string');
    if (keys.length > 1) invalid(ONE_KEY_ONLY);
    const ignoreCase = compileIgnoreCase(text);
    return operator === 'prefix'
      ? new IgnoreCasePrefixMatcher(ignoreCase, text.endsWith('"'))
      : new IgnoreCaseSuffixMatcher(ignoreCase, text.startsWith('"'));
  }
  if (typeof operand !== 'string') invalid(`${operator} match pattern must be a string`);
  return operator === 'prefix' ? new PrefixMatcher(operand) : new SuffixMatcher(operand);
}

/**
 * anything-but: a string or number, a list of strings or of numbers, or an object naming one of prefix, suffix,
 * equals-ignore-case, wildcard with a string or a list of strings.
 */
function addAnythingBut(operand: unknown, into: ValueConditionBuilder): void {
  if (isObject(operand)) {
    into.leafMatchers.push(compileAnythingButStrings(operand));
    return;
  }
  if (!Array.isArray(operand) && typeof operand !== 'string' && typeof operand !== 'number') {
    invalid('Value of anything-but must be an array or single string/number value.');
  }
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const value of Array.isArray(operand) ? operand : [operand]) {
    if (typeof value === 'string') strings.add(value);
    else if (typeof value === 'number') numbers.add(requireComparable(value));
    else invalid('Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.size > 0 === numbers.size > 0) {
    invalid('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  into.leafMatchers.push(new AnythingButLiteralsMatcher(strings, numbers));
}

function compileAnythingButStrings(operand: Record<string, unknown>): AnythingButStringsMatcher {
  const keys = Object.keys(operand);
  const kind = keys[0];
  if (kind === undefined) invalid('Anything-But expression name not found');
  if (kind !== Operator.prefix && kind !== Operator.suffix && kind !== Operator.equalsIgnoreCase && kind !== Operator.wildcard) {
    return invalid(`Unsupported anything-but pattern: ${kind}`);
  }
  const value = operand[kind];
  if (!Array.isArray(value) && typeof value !== 'string' && typeof value !== 'number') {
    invalid('Value of anything-but must be an array or single string/number value.');
  }
  const texts = Array.isArray(value) ? value : [value];
  for (const text of texts) {
    if (typeof text !== 'string') invalid(nonStringMessage(kind));
    if ((kind === Operator.prefix || kind === Operator.suffix) && text === '') {
      invalid('Null prefix/suffix not allowed');
    }
  }
  // Wildcard syntax is checked once every element is known to be a string, as event-ruler does.
  const exclusions = (texts as string[]).map((text) => compileExclusion(kind, text));
  if (keys.length > 1) invalid(TOO_MANY_ELEMENTS);
  return new AnythingButStringsMatcher(exclusions);
}

function compileExclusion(kind: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard', text: string): StringMatcher {
  switch (kind) {
    case Operator.prefix:
      return new PrefixMatcher(text);
    case Operator.suffix:
      return new SuffixMatcher(text);
    case Operator.equalsIgnoreCase:
      return new IgnoreCaseEqualsMatcher(compileIgnoreCase(text));
    case Operator.wildcard:
      return new WildcardMatcher(parseWildcard(text));
  }
}

function nonStringMessage(kind: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard'): string {
  if (kind === Operator.equalsIgnoreCase) {
    return 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
  }
  if (kind === Operator.wildcard) return 'wildcard match pattern must be a string';
  return 'prefix/suffix match pattern must be a string';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
