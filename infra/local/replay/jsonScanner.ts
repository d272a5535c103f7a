/**
 * Splits a stream of JSON text into the values a replay reads, without holding the whole input:
 * one value per line for JSON Lines, and the elements of an array one by one, both for a top-level
 * array and for the "Records" array of a CloudTrail log file (`{"Records":[...]}`), so a log file of
 * hundreds of MB is read one record at a time even when it is a single line.
 *
 * The scanner only tracks structure (strings, escapes, brackets, commas); every text it hands out is
 * then checked by JSON.parse, which gives the exact error. Layout rules:
 *
 * - JSON Lines vs one document: decided by the first value. If it ends on its first line, the input
 *   is JSON Lines: every line stands alone, blank lines are skipped, and a broken line (a truncated
 *   value, text after the value) is reported with its line number while the next line is read as
 *   usual. If the first value goes on past its first line (pretty-printed JSON), the input is one
 *   document, or several concatenated (`jq .` output); line breaks are then plain whitespace.
 *   One exception keeps a JSON Lines file whose *first* line is broken: if that line is an object
 *   cut short (not a lone "{", not an array or "Records" array cut between two elements) and the
 *   next line starts with "{" in column 0 (pretty printers indent), the first line is reported as
 *   broken and the input is read as JSON Lines.
 * - Arrays are streamed element by element (origin: line of the element and its index), at the
 *   top level and as the "Records" value of a top-level object. Other values are held whole.
 *
 * Feed text with `push` (any chunking, down to one character) and call `end` at the end of input;
 * `drain` returns what was found so far.
 */

type ScanItem =
  /**
   * A complete value (or an element of a streamed array): JSON text to parse. `wholeLine`: a JSON
   * Lines line taken as it is, without scanning; if it does not parse and holds a "Records" array,
   * `rescanLine` recovers its good records the way a scanned line would.
   */
  | { kind: 'value'; text: string; line: number; index?: number; wholeLine?: true }
  /** A top-level object whose "Records" array was streamed; its text has `[]` for that array. */
  | { kind: 'wrapper'; text: string; line: number }
  /** A structural problem the text alone would not explain (empty array element, unterminated array, ...). */
  | { kind: 'malformed'; reason: string; raw: string; line: number; index?: number };

type ScanMode = 'undecided' | 'lines' | 'document';

const NL = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** Inside a string only these matter: its end, an escape, a raw line break (invalid JSON, but a line end). */
const STRING_STOP = /["\\\n]/g;

/** A line that does not start with "{" or "[" is kept up to this many characters for the report. */
const RAW_LINE_LIMIT = 4096;

/** JSON Lines lines up to this long are handed out whole (JSON.parse checks them); longer ones are scanned. */
const WHOLE_LINE_LIMIT = 1024 * 1024;

type ScannerOptions = {
  /** Start with this layout instead of deciding it from the first value. */
  layout?: ScanMode;
  /** Hand out short JSON Lines lines whole (default true). */
  wholeLines?: boolean;
};

function isWhitespace(c: number): boolean {
  return c === SP || c === NL || c === CR || c === TAB;
}

/** Text collected across chunks as slices (never char by char). */
class Capture {
  private parts: string[] = [];
  private start = -1;
  private size = 0;
  overflow = false;

  constructor(private readonly limit = Infinity) {}

  get active(): boolean {
    return this.start >= 0;
  }

  begin(i: number): void {
    this.start = i;
  }

  pause(chunk: string, end: number): void {
    if (this.start < 0) return;
    this.add(chunk.slice(this.start, end));
    this.start = -1;
  }

  /** At the end of a chunk: keep what was captured, continue at the start of the next chunk. */
  endOfChunk(chunk: string): void {
    if (this.start < 0) return;
    this.add(chunk.slice(this.start));
    this.start = 0;
  }

  peek(chunk: string, end: number): string {
    return this.parts.join('') + (this.start >= 0 ? chunk.slice(this.start, end) : '');
  }

  take(chunk: string, end: number): string {
    this.pause(chunk, end);
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.reset();
    return text;
  }

  reset(): void {
    this.parts = [];
    this.start = -1;
    this.size = 0;
    this.overflow = false;
  }

  private add(s: string): void {
    if (s === '') return;
    if (this.size + s.length > this.limit) {
      s = s.slice(0, this.limit - this.size);
      this.overflow = true;
    }
    this.parts.push(s);
    this.size += s.length;
  }
}

class JsonStreamScanner {
  private out: ScanItem[] = [];
  private mode: ScanMode;
  private readonly wholeLines: boolean;
  private line = 1;
  private bomChecked = false;
  private chunk = '';

  // The current top-level value.
  private top: 'none' | 'object' | 'array' | 'raw' = 'none';
  private topLine = 0;
  private readonly topText = new Capture();
  private readonly rawText = new Capture(RAW_LINE_LIMIT);
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** JSON Lines: the value is complete, the rest of its line is still to come. */
  private closed = false;
  /** JSON Lines: non-blank text after the value on its line. */
  private trailing = false;
  /** A top-level object whose "Records" array is (or was) streamed. */
  private wrapper = false;

  // Keys of a top-level object, to spot "Records".
  private keyExpected = false;
  private inKey = false;
  private readonly keyText = new Capture();
  private lastKey: string | null = null;
  /** Set by ":" at depth 1 to the key whose value comes next; cleared at the value's first character. */
  private valueOfKey: string | null = null;

  // The array being streamed (0 = none): a top-level array (depth 1) or "Records" (depth 2).
  private streamDepth = 0;
  private readonly elemText = new Capture();
  private inElem = false;
  private expectElem = false;
  private elemLine = 0;
  private elemIndex = 0;

  // The first value went past its first line: JSON Lines or one document? (see the file comment)
  private decisionPending = false;
  private atLineStart = false;
  private firstLineBare = false;

  constructor(options: ScannerOptions = {}) {
    this.mode = options.layout ?? 'undecided';
    this.wholeLines = options.wholeLines ?? true;
  }

  /** Scans the next piece of text. */
  push(text: string): void {
    if (!this.bomChecked) {
      if (text === '') return;
      this.bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.chunk = text;
    const n = text.length;
    let i = 0;
    let j = -1;
    while (i < n) {
      if (this.decisionPending) {
        i = this.decide(i);
      } else if (this.inString) {
        i = this.scanString(i);
      } else if (
        this.wholeLines &&
        this.mode === 'lines' &&
        this.top === 'none' &&
        text.charCodeAt(i) === LBRACE &&
        (j = this.wholeLineEnd(i)) >= 0
      ) {
        // Fast path for JSON Lines: the whole line is in this chunk; JSON.parse will judge it.
        this.out.push({ kind: 'value', text: text.slice(i, j).trimEnd(), line: this.line, wholeLine: true });
        this.line += 1;
        i = j + 1;
      } else {
        const c = text.charCodeAt(i);
        if (c === NL) {
          this.newline(i);
          i += 1;
        } else {
          i = this.structural(c, i);
        }
      }
    }
    this.topText.endOfChunk(text);
    this.rawText.endOfChunk(text);
    this.elemText.endOfChunk(text);
    this.keyText.endOfChunk(text);
  }

  /** Where the line starting at `i` ends in this chunk, if it does and is short enough; else -1. */
  private wholeLineEnd(i: number): number {
    const j = this.chunk.indexOf('\n', i);
    return j >= 0 && j - i <= WHOLE_LINE_LIMIT ? j : -1;
  }

  /** End of input: whatever is still open is reported. */
  end(): void {
    if (this.decisionPending) {
      this.decisionPending = false;
      this.mode = 'document';
    }
    this.chunk = '';
    if (this.top === 'raw') this.finishRaw(0);
    else if (this.closed) this.finishTop(0);
    else if (this.top !== 'none') this.abortTop(0, 'the input ends');
  }

  /** The items found since the last call. */
  drain(): ScanItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  /** The layout decided so far ('undecided' until the first value ends or spans a line). */
  get layout(): ScanMode {
    return this.mode;
  }

  private scanString(i: number): number {
    const s = this.chunk;
    if (this.escaped) {
      this.escaped = false;
      if (s.charCodeAt(i) === NL) this.newline(i);
      return i + 1;
    }
    STRING_STOP.lastIndex = i;
    const m = STRING_STOP.exec(s);
    if (m === null) return s.length;
    const j = m.index;
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) {
      this.escaped = true;
    } else if (c === NL) {
      this.newline(j);
    } else {
      this.inString = false;
      if (this.inKey) {
        this.inKey = false;
        const key = this.keyText.take(s, j);
        this.lastKey = key.length <= 64 ? key : null;
      }
    }
    return j + 1;
  }

  private newline(i: number): void {
    if (this.top === 'raw') {
      this.finishRaw(i);
    } else if (this.mode === 'lines') {
      if (this.closed) this.finishTop(i);
      else if (this.top !== 'none') this.abortTop(i, 'the line ends');
    } else if (this.mode === 'undecided' && this.top !== 'none') {
      if (this.top === 'array' || (this.streamDepth !== 0 && !this.inElem)) {
        // An array broken between its elements (`[{...},\n{...}]`, `{"Records":[{...},\n{...}]}`)
        // is a document, however its lines start: JSON Lines hold objects, one per line.
        this.mode = 'document';
      } else {
        this.decisionPending = true;
        this.atLineStart = true;
        this.firstLineBare = this.isFirstLineBare(i);
      }
    }
    this.line += 1;
  }

  /** Is the first line a lone "{" (how pretty printers start an object)? */
  private isFirstLineBare(i: number): boolean {
    return this.top === 'object' && !this.wrapper && this.topText.peek(this.chunk, i).trim() === '{';
  }

  private decide(i: number): number {
    const c = this.chunk.charCodeAt(i);
    if (c === NL) {
      this.line += 1;
      this.atLineStart = true;
      return i + 1;
    }
    if (c === CR) return i + 1;
    if (c === SP || c === TAB) {
      this.atLineStart = false;
      return i + 1;
    }
    this.decisionPending = false;
    if (this.atLineStart && c === LBRACE && !this.firstLineBare) {
      this.mode = 'lines';
      this.abortTop(i, 'the line ends');
    } else {
      this.mode = 'document';
    }
    return i; // the character is scanned again under the decided layout
  }

  private structural(c: number, i: number): number {
    if (this.top === 'none') {
      if (isWhitespace(c)) return i + 1;
      this.topLine = this.line;
      if (c === LBRACE) {
        this.top = 'object';
        this.topText.begin(i);
        this.depth = 1;
        this.keyExpected = true;
      } else if (c === LBRACKET) {
        this.top = 'array';
        this.depth = 1;
        this.startStream();
      } else {
        this.top = 'raw';
        this.rawText.begin(i);
        if (this.mode === 'undecided') this.mode = 'lines';
      }
      return i + 1;
    }
    if (this.top === 'raw') {
      const j = this.chunk.indexOf('\n', i);
      return j < 0 ? this.chunk.length : j;
    }
    if (this.closed) {
      if (!this.trailing && !isWhitespace(c)) {
        this.trailing = true;
        if (!this.topText.active) this.topText.begin(i);
      }
      return i + 1;
    }

    if (this.streamDepth !== 0 && this.depth === this.streamDepth && !this.inElem) {
      if (isWhitespace(c)) return i + 1;
      if (c === COMMA) {
        this.emitMalformed('invalid JSON: empty array element', ',', this.line, this.elemIndex);
        this.elemIndex += 1;
        return i + 1;
      }
      if (c === RBRACKET) {
        if (this.expectElem && this.elemIndex > 0) {
          this.emitMalformed('invalid JSON: trailing comma before "]"', ',]', this.line, this.elemIndex);
        }
        this.endStream(i);
        return i + 1;
      }
      this.startElem(i);
    }

    switch (c) {
      case QUOTE:
        this.inString = true;
        if (this.top === 'object' && this.depth === 1) {
          if (this.keyExpected) {
            this.keyExpected = false;
            this.inKey = true;
            this.keyText.begin(i + 1);
          } else {
            this.valueOfKey = null;
          }
        }
        return i + 1;
      case LBRACE:
      case LBRACKET:
        if (this.top === 'object' && this.depth === 1 && this.valueOfKey !== null) {
          const key = this.valueOfKey;
          this.valueOfKey = null;
          if (key === 'Records' && c === LBRACKET && !this.wrapper) {
            this.topText.pause(this.chunk, i + 1);
            this.wrapper = true;
            this.depth = 2;
            this.startStream();
            return i + 1;
          }
        }
        this.depth += 1;
        return i + 1;
      case RBRACE:
      case RBRACKET:
        if (this.streamDepth !== 0 && this.depth === this.streamDepth) {
          // The element in progress ends with the array (a "}" here is a mismatch JSON.parse reports).
          this.finishElem(i);
          this.endStream(i);
          return i + 1;
        }
        this.depth -= 1;
        if (this.depth <= 0) this.closeTop(i);
        return i + 1;
      case COMMA:
        if (this.streamDepth !== 0 && this.depth === this.streamDepth) {
          this.finishElem(i);
          this.expectElem = true;
        } else if (this.top === 'object' && this.depth === 1) {
          this.keyExpected = true;
          this.valueOfKey = null;
        }
        return i + 1;
      case COLON:
        if (this.top === 'object' && this.depth === 1) this.valueOfKey = this.lastKey ?? '';
        return i + 1;
      default:
        if (this.valueOfKey !== null && this.depth === 1 && !isWhitespace(c)) this.valueOfKey = null;
        return i + 1;
    }
  }

  private startStream(): void {
    this.streamDepth = this.depth;
    this.elemIndex = 0;
    this.expectElem = true;
    this.inElem = false;
  }

  private startElem(i: number): void {
    this.inElem = true;
    this.expectElem = false;
    this.elemLine = this.line;
    this.elemText.begin(i);
  }

  private finishElem(end: number): void {
    if (!this.inElem) return;
    this.inElem = false;
    const text = this.elemText.take(this.chunk, end).trimEnd();
    this.out.push({ kind: 'value', text, line: this.elemLine, index: this.elemIndex });
    this.elemIndex += 1;
  }

  /** At the "]" that closes the streamed array. */
  private endStream(i: number): void {
    this.streamDepth = 0;
    this.inElem = false;
    this.expectElem = false;
    this.depth -= 1;
    if (this.top === 'array') {
      if (this.depth <= 0) this.closeTop(i);
    } else {
      this.topText.begin(i); // the outer object's text goes on from this "]"
    }
  }

  private closeTop(i: number): void {
    this.depth = 0;
    if (this.mode === 'undecided') this.mode = 'lines';
    if (this.mode === 'lines') {
      this.closed = true; // reported at the end of the line, with anything after it
      return;
    }
    this.finishTop(i + 1);
  }

  private finishTop(end: number): void {
    if (this.top === 'object') {
      const text = this.topText.take(this.chunk, end).trimEnd();
      this.out.push(this.wrapper ? { kind: 'wrapper', text, line: this.topLine } : { kind: 'value', text, line: this.topLine });
    } else if (this.top === 'array' && this.trailing) {
      const text = this.topText.take(this.chunk, end).trim();
      this.emitMalformed('invalid JSON: unexpected text after the closing "]"', text, this.topLine);
    }
    this.resetTop();
  }

  private finishRaw(end: number): void {
    this.rawText.pause(this.chunk, end);
    const overflow = this.rawText.overflow;
    const text = this.rawText.take(this.chunk, end).trim();
    if (overflow) this.emitMalformed('invalid JSON: a line too long to be read whole that is not a JSON value', text, this.topLine);
    else this.out.push({ kind: 'value', text, line: this.topLine });
    this.resetTop();
  }

  /** The value is cut short (its line ended, or the input did): report what there is. */
  private abortTop(i: number, why: string): void {
    if (this.streamDepth !== 0) {
      // An element cut inside itself is reported by JSON.parse; otherwise say the array is not closed.
      const hadElem = this.inElem;
      const elemComplete = hadElem && this.depth === this.streamDepth && !this.inString;
      this.finishElem(i);
      if (!hadElem || elemComplete) {
        const what = this.top === 'object' ? 'the "Records" array' : 'the array';
        this.emitMalformed(`invalid JSON: ${what} is not closed (${why} before its "]")`, '', this.line, this.elemIndex);
      }
    } else if (this.top === 'object') {
      const text = this.topText.take(this.chunk, i).trimEnd();
      this.out.push(this.wrapper ? { kind: 'wrapper', text, line: this.topLine } : { kind: 'value', text, line: this.topLine });
    }
    this.resetTop();
  }

  private emitMalformed(reason: string, raw: string, line: number, index?: number): void {
    this.out.push(index === undefined ? { kind: 'malformed', reason, raw, line } : { kind: 'malformed', reason, raw, line, index });
  }

  private resetTop(): void {
    this.top = 'none';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.closed = false;
    this.trailing = false;
    this.wrapper = false;
    this.keyExpected = false;
    this.inKey = false;
    this.lastKey = null;
    this.valueOfKey = null;
    this.streamDepth = 0;
    this.inElem = false;
    this.expectElem = false;
    this.elemIndex = 0;
    this.topText.reset();
    this.rawText.reset();
    this.elemText.reset();
    this.keyText.reset();
  }
}

/**
 * Scans one JSON Lines line handed out whole, the slow way: the good records of a broken
 * `{"Records":[...]}` line come through one by one, as they would had the line been scanned.
 */
function rescanLine(text: string, line: number): ScanItem[] {
  const scanner = new JsonStreamScanner({ layout: 'lines', wholeLines: false });
  scanner.push(text);
  scanner.push('\n');
  scanner.end();
  return scanner.drain().map((item) => ({ ...item, line: line + item.line - 1 }));
}

export { JsonStreamScanner, rescanLine };
export type { ScanItem, ScanMode, ScannerOptions };
