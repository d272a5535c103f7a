import { PII_DETECTORS, textStats } from './detectors';
import { type PiiKind, redactionMarker } from './kinds';

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

/**
 * Strings shorter than this hold no personal data the guard knows (the shortest, an e-mail address
 * `a@b.io`, has 6 characters). Longer ones go through each detector's gate (detectors.ts) first.
 */
const MIN_LENGTH = 6;

/**
 * What every detector's pattern needs somewhere in the text: `@` (e-mail), `+` (E.164), `::` or seven
 * colons (IPv6), or four digits with at most two of ` -.()` between each (cards, national numbers and
 * dotted quads all have such a run). Measured reason: most strings of a crash (frames' functions, files,
 * modules) have none of these; one native regular expression turns them away at about half the cost of
 * counting their characters (textStats), which the rest then pays (bench/piiGuard.ts).
 */
const MAY_HOLD_PERSONAL_DATA = /[@+]|::|\d[ \-.()]{0,2}\d[ \-.()]{0,2}\d[ \-.()]{0,2}\d|(?::[^:]*){7}/;

/** Every piece of personal data in a text, without overlaps (precedence: the order of PII_DETECTORS). */
export function findPersonalData(text: string): PiiMatch[] {
  if (text.length < MIN_LENGTH || !MAY_HOLD_PERSONAL_DATA.test(text)) return [];
  const found: PiiMatch[] = [];
  const stats = textStats(text);
  for (const detector of PII_DETECTORS) {
    if (!detector.gate(stats)) continue;
    // The detector's own global pattern, from the start of the text, match after match: what matchAll gives,
    // without the copy of the pattern that matchAll makes at every call.
    // Measured reason: that copy was most of the scan's own time on strings that pass the gates (bench/piiGuard.ts).
    const { pattern } = detector;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      // As matchAll steps past an empty match (none of today's patterns has one).
      if (m[0].length === 0) pattern.lastIndex += 1;
      const start = m.index;
      const end = start + m[0].length;
      if (detector.confirm && !detector.confirm(m[0])) continue;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ kind: detector.kind, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

export interface RedactedText {
  readonly text: string;
  readonly kinds: readonly PiiKind[];
}

/** The text with each piece of personal data replaced by its marker; undefined when there is none. */
export function redactText(text: string): RedactedText | undefined {
  const matches = findPersonalData(text);
  if (matches.length === 0) return undefined;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + redactionMarker(m.kind);
    at = m.end;
  }
  out += text.slice(at);
  return { text: out, kinds: [...new Set(matches.map((m) => m.kind))] };
}
