import { InvalidEventPatternError } from './errors';

/**
 * Numeric ranges: `["op", n]` or `[">"|">=", low, "<"|"<=", high]`. Bounds and values are IEEE-754 doubles over the
 * whole double range, compared exactly, as event-ruler does since v1.8.0.
 *
 * Decision: the user guide still promises ±5e9 with 6 decimals (the pre-1.8 library). Inside that zone every version
 * agrees; outside it this follows the current library, so epoch-millisecond timestamps and 7+ decimals work.
 */
export interface NumericRange {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** An event number that overflowed to infinity is no number to event-ruler (see requireComparable): it is never in range. */
export function numericRangeContains(range: NumericRange, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const aboveLow = range.lowOpen ? value > range.low : value >= range.low;
  return aboveLow && (range.highOpen ? value < range.high : value <= range.high);
}

/** Parses the array of a `numeric` operator, with event-ruler's messages in event-ruler's order of checks. */
export function parseNumericExpression(terms: readonly unknown[]): NumericRange {
  const operator = terms[0];
  if (typeof operator !== 'string') invalid(`Invalid member in numeric match: ${tokenText(terms, 0)}`);
  const operand = terms[1];

  switch (operator) {
    case '=':
      if (typeof operand !== 'number') invalid('Value of equals must be numeric');
      if (terms.length > 2) invalid('Too many elements in numeric expression');
      requireComparable(operand);
      return { low: operand, lowOpen: false, high: operand, highOpen: false };
    case '>':
    case '>=': {
      if (typeof operand !== 'number') invalid(`Value of ${operator} must be numeric`);
      const lowOpen = operator === '>';
      if (terms.length === 2) return { low: requireComparable(operand), lowOpen, high: Infinity, highOpen: false };
      return completeRange(terms, operand, lowOpen);
    }
    case '<':
    case '<=':
      if (typeof operand !== 'number') invalid(`Value of ${operator} must be numeric`);
      if (terms.length > 2) invalid('Too many elements in numeric expression');
      return { low: -Infinity, lowOpen: false, high: requireComparable(operand), highOpen: operator === '<' };
    default:
      return invalid(`Unrecognized numeric range operator: ${operator}`);
  }
}

function completeRange(terms: readonly unknown[], low: number, lowOpen: boolean): NumericRange {
  const operator = terms[2];
  if (typeof operator !== 'string') invalid(`Bad value in numeric range: ${tokenText(terms, 2)}`);
  if (operator !== '<' && operator !== '<=') invalid(`Bad numeric range operator: ${operator}`);
  const high = terms[3];
  if (typeof high !== 'number') invalid(`Value of ${operator} must be numeric`);
  if (terms.length > 4) invalid('Too many terms in numeric range expression');
  requireComparable(low);
  requireComparable(high);
  // Equal bounds are rejected too: event-ruler wants ["=", n] for a single value.
  if (low >= high) invalid('Bottom must be less than top');
  return { low, lowOpen, high, highOpen: operator === '<' };
}

/**
 * event-ruler turns every number it compares into a double and refuses one that does not survive the trip (a literal
 * that overflows to infinity, such as 1e309). Only that case is visible once JSON.parse has read the pattern: digits
 * beyond a double's precision and underflow to zero are lost before this runs.
 */
export function requireComparable(value: number): number {
  if (!Number.isFinite(value)) invalid(`Cannot compare number : ${String(value)}`);
  return value;
}

/** How Jackson prints the token at `index`, for messages that quote it (`]` when the array ended there). */
function tokenText(terms: readonly unknown[], index: number): string {
  if (index >= terms.length) return ']';
  const term = terms[index];
  if (Array.isArray(term)) return '[';
  if (typeof term === 'object' && term !== null) return '{';
  return String(term);
}

function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
