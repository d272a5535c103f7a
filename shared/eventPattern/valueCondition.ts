import type { IpRange } from './ip';
import { ipRangeContains, parseIpAddress } from './ip';
import type { JsonLeaf, LeafMatcher, StringMatcher } from './leafMatchers';
import type { NumericRange } from './numeric';
import { numericRangeContains } from './numeric';
import type { WildcardPattern } from './wildcard';

/**
 * Everything one field's array in a pattern accepts (its elements are ORed). Matchers are grouped by the JSON type
 * they can match, so testing a leaf only looks at the matchers that could apply to it: an exact string is a Set
 * lookup, and a number never reaches a prefix matcher.
 */
export class ValueCondition {
  /** `{"exists": true}`: any leaf matches. */
  readonly matchesAnyLeaf: boolean;
  /** `{"exists": false}`: satisfied when the field has no leaf (checked per array element, see match.ts). */
  readonly matchesAbsence: boolean;
  /** The `wildcard` operators, kept for the complexity check. */
  readonly wildcardPatterns: readonly WildcardPattern[];

  private readonly exactStrings: ReadonlySet<string>;
  private readonly exactNumbers: ReadonlySet<number>;
  private readonly matchesTrue: boolean;
  private readonly matchesFalse: boolean;
  private readonly matchesNull: boolean;
  private readonly ipRanges: readonly IpRange[];
  private readonly numericRanges: readonly NumericRange[];
  private readonly stringMatchers: readonly StringMatcher[];
  private readonly leafMatchers: readonly LeafMatcher[];

  constructor(builder: ValueConditionBuilder) {
    this.matchesAnyLeaf = builder.existsTrue;
    this.matchesAbsence = builder.existsFalse;
    this.wildcardPatterns = builder.wildcardPatterns;
    this.exactStrings = builder.exactStrings;
    this.exactNumbers = builder.exactNumbers;
    this.matchesTrue = builder.exactTrue;
    this.matchesFalse = builder.exactFalse;
    this.matchesNull = builder.exactNull;
    this.ipRanges = builder.ipRanges;
    this.numericRanges = builder.numericRanges;
    this.stringMatchers = builder.stringMatchers;
    this.leafMatchers = builder.leafMatchers;
  }

  /** Whether a present leaf satisfies one of the positive matchers (everything but exists:false). */
  matchesLeaf(leaf: JsonLeaf): boolean {
    if (this.matchesAnyLeaf) return true;
    switch (typeof leaf) {
      case 'string':
        if (this.matchesString(leaf)) return true;
        break;
      case 'number':
        if (this.exactNumbers.has(leaf)) return true;
        for (const range of this.numericRanges) {
          if (numericRangeContains(range, leaf)) return true;
        }
        break;
      case 'boolean':
        if (leaf ? this.matchesTrue : this.matchesFalse) return true;
        break;
      default:
        if (leaf === null && this.matchesNull) return true;
    }
    for (const matcher of this.leafMatchers) {
      if (matcher.matches(leaf)) return true;
    }
    return false;
  }

  /**
   * The strings this condition accepts when it accepts nothing else (plain string literals only, no operator, no
   * exists); null otherwise. Lets a rule set index its rules by such a field.
   */
  acceptedStringsOnly(): ReadonlySet<string> | null {
    const onlyStrings =
      !this.matchesAnyLeaf &&
      !this.matchesAbsence &&
      this.exactNumbers.size === 0 &&
      !this.matchesTrue &&
      !this.matchesFalse &&
      !this.matchesNull &&
      this.ipRanges.length === 0 &&
      this.numericRanges.length === 0 &&
      this.stringMatchers.length === 0 &&
      this.leafMatchers.length === 0;
    return onlyStrings ? this.exactStrings : null;
  }

  private matchesString(value: string): boolean {
    if (this.exactStrings.has(value)) return true;
    for (const matcher of this.stringMatchers) {
      if (matcher.matches(value)) return true;
    }
    if (this.ipRanges.length > 0) {
      const address = parseIpAddress(value);
      if (address !== null) {
        for (const range of this.ipRanges) {
          if (ipRangeContains(range, address)) return true;
        }
      }
    }
    return false;
  }
}

/** Collects the matchers of one field's array while the pattern is being validated. */
export class ValueConditionBuilder {
  existsTrue = false;
  existsFalse = false;
  exactTrue = false;
  exactFalse = false;
  exactNull = false;
  readonly exactStrings = new Set<string>();
  readonly exactNumbers = new Set<number>();
  readonly ipRanges: IpRange[] = [];
  readonly numericRanges: NumericRange[] = [];
  readonly stringMatchers: StringMatcher[] = [];
  readonly leafMatchers: LeafMatcher[] = [];
  readonly wildcardPatterns: WildcardPattern[] = [];

  build(): ValueCondition {
    return new ValueCondition(this);
  }
}
