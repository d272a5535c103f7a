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

export class PrefixMatcher implements StringMatcher {
  constructor(private readonly prefix: string) {}
  matches(value: string): boolean {
    return value.startsWith(this.prefix);
  }
}

export class SuffixMatcher implements StringMatcher {
  constructor(private readonly suffix: string) {}
  matches(value: string): boolean {
    return value.endsWith(this.suffix);
  }
}

export class IgnoreCaseEqualsMatcher implements StringMatcher {
  constructor(private readonly text: IgnoreCaseText) {}
  matches(value: string): boolean {
    return this.text.equals(value);
  }
}

export class IgnoreCasePrefixMatcher implements StringMatcher {
  constructor(private readonly text: IgnoreCaseText) {}
  matches(value: string): boolean {
    return this.text.isPrefixOf(value);
  }
}

export class IgnoreCaseSuffixMatcher implements StringMatcher {
  constructor(private readonly text: IgnoreCaseText) {}
  matches(value: string): boolean {
    return this.text.isSuffixOf(value);
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
