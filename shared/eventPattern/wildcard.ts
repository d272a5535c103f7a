import { InvalidEventPatternError } from './errors';

/**
 * Wildcard patterns: `*` matches zero or more characters, `\*` is a literal star and `\\` a literal backslash.
 * Any other escape, a trailing backslash and two wildcards in a row are invalid.
 */

/** A parsed wildcard pattern: the literal pieces between its wildcards. `pieces.length - 1` wildcards. */
export interface WildcardPattern {
  readonly pieces: readonly string[];
}

const STAR = 0x2a;
const BACKSLASH = 0x5c;

/**
 * Parses and validates a wildcard pattern. Error positions follow event-ruler, which parses the UTF-8 bytes of the
 * value with a `"` in front of it: so they count bytes, and from 1 for the first character.
 */
export function parseWildcard(text: string): WildcardPattern {
  const pieces: string[] = [];
  let piece = '';
  let bytePosition = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === STAR) {
      if (text.charCodeAt(i + 1) === STAR) {
        throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${bytePosition}`);
      }
      pieces.push(piece);
      piece = '';
    } else if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next !== STAR && next !== BACKSLASH) {
        throw new InvalidEventPatternError(`Invalid escape character at pos ${bytePosition}`);
      }
      piece += text[i + 1];
      i++;
      bytePosition++;
    } else {
      piece += text[i];
    }
    bytePosition += utf8Length(code, text.charCodeAt(i + 1));
    if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      piece += text[i + 1];
      i++;
    }
  }
  pieces.push(piece);
  return { pieces };
}

function utf8Length(code: number, nextCode: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(nextCode)) return 4;
  return 3;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Whole-value match. Leftmost placement of each middle piece is optimal when `*` is the only metacharacter. */
export function wildcardMatches(pattern: WildcardPattern, value: string): boolean {
  const { pieces } = pattern;
  const last = pieces.length - 1;
  if (last === 0) return value === pieces[0];

  const head = pieces[0]!;
  const tail = pieces[last]!;
  if (value.length < head.length + tail.length) return false;
  if (!value.startsWith(head) || !value.endsWith(tail)) return false;

  let position = head.length;
  const end = value.length - tail.length;
  for (let i = 1; i < last; i++) {
    const piece = pieces[i]!;
    const found = value.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
