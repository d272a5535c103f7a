import type { IgnoreCaseText } from './ignoreCase';
import type { WildcardPattern } from './wildcard';
import { wildcardMatches } from './wildcard';

/** A scalar of the event: what a path resolves to once objects and arrays are walked through. */
export type JsonLeaf = string | number | boolean | null;

/** An operator that only ever matches strings (prefix, suffix, wildcard, the ignore-case forms). */
export interface StringMatcher {
  matches(value: string): boolean;
}

/** An operator that may match a leaf of any type (the anything-but family). */
export interface LeafMatcher {
  matches(leaf: JsonLeaf): boolean;
}

/*
 * event-ruler compares a string event value in its JSON form, quotes included (`"value"`), against a prefix stored as
 * `"prefix` and a suffix stored as `suffix"`. So a prefix ending in `"` may consume the closing quote (`abc"` matches
 * "abc", `"` matches ""), and a suffix starting with `"` the opening one. The matchers below reproduce that.
 */

export class PrefixMatcher implements StringMatcher {
  private readonly endsWithQuote: boolean;
  constructor(private readonly prefix: string) {
    this.endsWithQuote = prefix.endsWith('"');
  }
  matches(value: string): boolean {
    const { prefix } = this;
    if (value.startsWith(prefix)) return true;
    return this.endsWithQuote && prefix.length === value.length + 1 && prefix.startsWith(value);
  }
}

export class SuffixMatcher implements StringMatcher {
  private readonly startsWithQuote: boolean;
  constructor(private readonly suffix: string) {
    this.startsWithQuote = suffix.startsWith('"');
  }
  matches(value: string): boolean {
    const { suffix } = this;
    if (value.endsWith(suffix)) return true;
    return this.startsWithQuote && suffix.length === value.length + 1 && suffix.endsWith(value);
  }
}

export class IgnoreCaseEqualsMatcher implements StringMatcher {
  constructor(private readonly text: IgnoreCaseText) {}
  matches(value: string): boolean {
    return this.text.equals(value);
  }
}

export class IgnoreCasePrefixMatcher implements StringMatcher {
  constructor(
    private readonly text: IgnoreCaseText,
    private readonly endsWithQuote: boolean,
  ) {}
  matches(value: string): boolean {
    return this.text.isPrefixOf(this.endsWithQuote ? `${value}"` : value);
  }
}

export class IgnoreCaseSuffixMatcher implements StringMatcher {
  constructor(
    private readonly text: IgnoreCaseText,
    private readonly startsWithQuote: boolean,
  ) {}
  matches(value: string): boolean {
    return this.text.isSuffixOf(this.startsWithQuote ? `"${value}` : value);
  }
}

export class WildcardMatcher implements StringMatcher {
  constructor(private readonly pattern: WildcardPattern) {}
  matches(value: string): boolean {
    return wildcardMatches(this.pattern, value);
  }
}

/**
 * `anything-but` with strings and/or numbers. It needs a leaf to be present (a missing field has none), then matches
 * every leaf that is not excluded, whatever its type: a string list lets numbers, booleans and null through, and a
 * number list lets every string through (`"111"` is not the number 111). Numbers compare by value.
 */
export class AnythingButLiteralsMatcher implements LeafMatcher {
  constructor(
    private readonly strings: ReadonlySet<string>,
    private readonly numbers: ReadonlySet<number>,
  ) {}

  matches(leaf: JsonLeaf): boolean {
    if (typeof leaf === 'string') return !this.strings.has(leaf);
    if (typeof leaf === 'number') return !this.numbers.has(leaf);
    return true;
  }
}

/** `anything-but` with prefix / suffix / equals-ignore-case / wildcard: excludes strings any of them matches. */
export class AnythingButStringsMatcher implements LeafMatcher {
  constructor(private readonly exclusions: readonly StringMatcher[]) {}

  matches(leaf: JsonLeaf): boolean {
    if (typeof leaf !== 'string') return true;
    for (const exclusion of this.exclusions) {
      if (exclusion.matches(leaf)) return false;
    }
    return true;
  }
}
