/**
 * Case-insensitive comparison the way event-ruler does it: each character of the *pattern* may appear in the value as
 * its lower-case or its upper-case form, and nothing else. Two lower-cased strings are never compared, so
 * `"straße"` matches `"STRASSE"` (ß upper-cases to SS) but not `"strasse"`, and the Kelvin sign does not match `k`.
 *
 * Decision: event-ruler folds per UTF-16 unit, which breaks on characters outside the BMP (each surrogate half is
 * encoded as `?`); this folds per code point instead, which agrees on every BMP character.
 */
export interface IgnoreCaseText {
  equals(value: string): boolean;
  isPrefixOf(value: string): boolean;
  isSuffixOf(value: string): boolean;
}

export function compileIgnoreCase(pattern: string): IgnoreCaseText {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included.
  return /^[\x00-\x7f]*$/.test(pattern) ? new AsciiIgnoreCase(pattern) : new UnicodeIgnoreCase(pattern);
}

/** ASCII patterns: every alternative is one ASCII character, so lengths are fixed and a char-by-char test suffices. */
class AsciiIgnoreCase implements IgnoreCaseText {
  private readonly lower: string;
  private readonly upper: string;

  constructor(pattern: string) {
    this.lower = pattern.toLowerCase();
    this.upper = pattern.toUpperCase();
  }

  equals(value: string): boolean {
    return value.length === this.lower.length && this.matchesAt(value, 0);
  }

  isPrefixOf(value: string): boolean {
    return value.length >= this.lower.length && this.matchesAt(value, 0);
  }

  isSuffixOf(value: string): boolean {
    return value.length >= this.lower.length && this.matchesAt(value, value.length - this.lower.length);
  }

  private matchesAt(value: string, offset: number): boolean {
    const { lower, upper } = this;
    for (let i = 0; i < lower.length; i++) {
      const code = value.charCodeAt(offset + i);
      if (code !== lower.charCodeAt(i) && code !== upper.charCodeAt(i)) return false;
    }
    return true;
  }
}

/** Alternatives may differ in length (ß / SS), so matching tracks every reachable position. */
class UnicodeIgnoreCase implements IgnoreCaseText {
  private readonly alternatives: readonly (readonly string[])[];

  constructor(pattern: string) {
    this.alternatives = Array.from(pattern, (char) => [...new Set([char.toLowerCase(), char.toUpperCase()])]);
  }

  equals(value: string): boolean {
    return this.forwardEnds(value).has(value.length);
  }

  isPrefixOf(value: string): boolean {
    return this.forwardEnds(value).size > 0;
  }

  isSuffixOf(value: string): boolean {
    let starts = new Set([value.length]);
    for (let i = this.alternatives.length - 1; i >= 0 && starts.size > 0; i--) {
      const next = new Set<number>();
      for (const end of starts) {
        for (const alternative of this.alternatives[i]!) {
          const start = end - alternative.length;
          if (start >= 0 && value.startsWith(alternative, start)) next.add(start);
        }
      }
      starts = next;
    }
    return starts.size > 0;
  }

  private forwardEnds(value: string): Set<number> {
    let ends = new Set([0]);
    for (let i = 0; i < this.alternatives.length && ends.size > 0; i++) {
      const next = new Set<number>();
      for (const start of ends) {
        for (const alternative of this.alternatives[i]!) {
          if (value.startsWith(alternative, start)) next.add(start + alternative.length);
        }
      }
      ends = next;
    }
    return ends;
  }
}
