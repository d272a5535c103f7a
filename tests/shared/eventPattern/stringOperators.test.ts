import { compilePattern, matchesPattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

describe('prefix', () => {
  it('matches the start of strings, case-sensitively', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T16:24:49Z' })).toBe(true);
    expect(matches({ a: [{ prefix: 'Run' }] }, { a: 'running' })).toBe(false);
    expect(matches({ a: [{ prefix: 'txt' }] }, { a: 'txt' })).toBe(true);
  });

  it('with "" matches every string and nothing else', () => {
    expect(matches({ a: [{ prefix: '' }] }, { a: '' })).toBe(true);
    expect(matches({ a: [{ prefix: '' }] }, { a: 'x' })).toBe(true);
    expect(matches({ a: [{ prefix: '' }] }, { a: 1 })).toBe(false);
    expect(matches({ a: [{ prefix: '' }] }, { a: null })).toBe(false);
    expect(matches({ a: [{ prefix: '' }] }, {})).toBe(false);
  });

  it('works on strings only', () => {
    expect(matches({ a: [{ prefix: '12' }] }, { a: 123 })).toBe(false);
    expect(matches({ a: [{ prefix: 'tr' }] }, { a: true })).toBe(false);
  });

  it('with equals-ignore-case folds case', () => {
    expect(matches({ a: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, { a: 'eVeNtBridge' })).toBe(true);
    expect(matches({ a: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, { a: 'Event' })).toBe(false);
  });
});

describe('suffix', () => {
  it('matches the end of strings, case-sensitively', () => {
    expect(matches({ f: [{ suffix: '.png' }] }, { f: 'image.png' })).toBe(true);
    expect(matches({ f: [{ suffix: '.png' }] }, { f: 'image.PNG' })).toBe(false);
    expect(matches({ f: [{ suffix: '' }] }, { f: 'anything' })).toBe(true);
    expect(matches({ f: [{ suffix: '5' }] }, { f: 5 })).toBe(false);
  });

  it('with equals-ignore-case folds case, on any array element', () => {
    expect(matches({ a: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, { a: 'image.png' })).toBe(true);
    expect(matches({ a: [{ suffix: { 'equals-ignore-case': 'ING' } }] }, { a: ['stopped', 'Running'] })).toBe(true);
    expect(matches({ a: [{ suffix: { 'equals-ignore-case': 'ING' } }] }, { a: ['stopped'] })).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  it('compares whole ASCII strings without case', () => {
    expect(matches({ n: [{ 'equals-ignore-case': 'alice' }] }, { n: 'ALICE' })).toBe(true);
    expect(matches({ n: [{ 'equals-ignore-case': 'alice' }] }, { n: 'ALICEs' })).toBe(false);
    expect(matches({ n: [{ 'equals-ignore-case': '' }] }, { n: '' })).toBe(true);
    expect(matches({ n: [{ 'equals-ignore-case': '' }] }, { n: 'x' })).toBe(false);
    expect(matches({ n: [{ 'equals-ignore-case': 'true' }] }, { n: true })).toBe(false);
  });

  it('folds each pattern character to its own lower and upper case, like event-ruler', () => {
    expect(matches({ n: [{ 'equals-ignore-case': 'straße' }] }, { n: 'STRASSE' })).toBe(true);
    expect(matches({ n: [{ 'equals-ignore-case': 'straße' }] }, { n: 'Straße' })).toBe(true);
    expect(matches({ n: [{ 'equals-ignore-case': 'straße' }] }, { n: 'strasse' })).toBe(false);
    expect(matches({ n: [{ 'equals-ignore-case': 'ÉTÉ' }] }, { n: 'été' })).toBe(true);
    // The Kelvin sign lower-cases to k, but k's alternatives are only k and K.
    expect(matches({ n: [{ 'equals-ignore-case': 'k' }] }, { n: '\u212a' })).toBe(false);
  });

  it('handles characters outside the BMP per code point', () => {
    expect(matches({ n: [{ 'equals-ignore-case': '\u{10428}x' }] }, { n: '\u{10400}X' })).toBe(true);
    expect(matches({ n: [{ 'equals-ignore-case': 'go 🚀' }] }, { n: 'GO 🚀' })).toBe(true);
  });
});

describe('exactly (event-ruler operator, accepted as the library does)', () => {
  it('matches the exact string only', () => {
    expect(matches({ a: [{ exactly: 'x' }] }, { a: 'x' })).toBe(true);
    expect(matches({ a: [{ exactly: 'x' }] }, { a: 'X' })).toBe(false);
  });
});
