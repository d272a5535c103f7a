import { createReadStream } from 'node:fs';

/**
 * Streaming readers for `vigil drift` samples: a JSON array of values, a JSON object with a "values" array, or
 * one column of a CSV file (RFC 4180: quoted fields, "" escapes, LF or CRLF line ends, a header line). Files are
 * read in chunks, so a file of millions of values never has to fit in memory as text; values are collected as they
 * come, numbers in a growing Float64Array.
 */

/** Input that is not a usable sample: the message names the file and the place. */
export class SampleInputError extends Error {
  override readonly name = 'SampleInputError';
}

/** What a file held: its numbers, its other values (labels), the missing ones, and any non-finite number met. */
export interface RawSample {
  readonly file: string;
  readonly format: 'json' | 'csv';
  /** Numeric values, in file order. */
  readonly numbers: Float64Array;
  /** Values that are not numbers (strings, booleans), in file order. */
  readonly labels: string[];
  /** JSON null and empty CSV cells: dropped, and counted. */
  readonly missing: number;
  /** The first NaN/Infinity met (JSON literal or string, CSV text), with where it was. */
  readonly nonFinite?: { readonly text: string; readonly where: string };
  /** The first label met, with where it was (to name it when a numeric sample was asked for). */
  readonly firstLabel?: { readonly text: string; readonly where: string };
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const CSV_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

class SampleBuilder {
  private buffer = new Float64Array(1 << 16);
  private count = 0;
  readonly labels: string[] = [];
  missing = 0;
  nonFinite?: { text: string; where: string };
  firstLabel?: { text: string; where: string };

  /** `place(position)` names a position ("value 3", "line 12") once it is needed. */
  constructor(private readonly place: (position: number) => string) {}

  number(value: number): void {
    if (this.count === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.count++] = value;
  }

  label(text: string, position: number): void {
    this.labels.push(text);
    if (!this.firstLabel) this.firstLabel = { text, where: this.place(position) };
  }

  /** A NaN or ±Infinity: kept as a label (a category may be called "NaN") and remembered. */
  nonFiniteValue(text: string, position: number): void {
    this.labels.push(text);
    if (!this.nonFinite) this.nonFinite = { text, where: this.place(position) };
  }

  numbers(): Float64Array {
    return this.buffer.slice(0, this.count);
  }
}

/** Reads a sample from a file ("-" reads stdin), JSON or CSV by content; `column` picks the CSV column. */
export async function readSample(file: string, column?: string): Promise<RawSample> {
  const source = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  source.setEncoding('utf8');
  const chunks = source as AsyncIterable<string>;
  try {
    return await parseSample(chunks, file === '-' ? 'stdin' : file, column);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SampleInputError(`${file}: no such file`);
    if (code === 'EISDIR') throw new SampleInputError(`${file}: is a directory, not a sample file`);
    if (code === 'EACCES') throw new SampleInputError(`${file}: cannot be read (permission denied)`);
    throw error;
  }
}

/** Parses text chunks as a sample: the format is decided by the first character that is not white space. */
export async function parseSample(chunks: AsyncIterable<string>, file: string, column?: string): Promise<RawSample> {
  let parser: ChunkParser | undefined;
  let builder: SampleBuilder | undefined;
  let format: 'json' | 'csv' = 'json';
  let head = '';
  for await (const chunk of chunks) {
    if (!parser) {
      head += chunk;
      const text = head.replace(/^\uFEFF/, '');
      const first = text.match(/\S/);
      if (!first) continue;
      format = first[0] === '[' || first[0] === '{' ? 'json' : 'csv';
      builder = new SampleBuilder((position) => `${file}: ${format === 'json' ? 'value' : 'line'} ${position}`);
      parser = format === 'json' ? new JsonValuesParser(builder, file) : new CsvColumnParser(builder, file, column);
      parser.feed(text, false);
      continue;
    }
    parser.feed(chunk, false);
  }
  if (!parser || !builder) throw new SampleInputError(`${file}: is empty, expected a JSON array, {"values": [...]} or CSV with a header`);
  parser.feed('', true);
  return {
    file,
    format,
    numbers: builder.numbers(),
    labels: builder.labels,
    missing: builder.missing,
    ...(builder.nonFinite ? { nonFinite: builder.nonFinite } : {}),
    ...(builder.firstLabel ? { firstLabel: builder.firstLabel } : {}),
  };
}

interface ChunkParser {
  /** Consumes text; `final` marks the end of the input. */
  feed(text: string, final: boolean): void;
}

type Token =
  | { kind: '[' | ']' | '{' | '}' | ':' | ',' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'literal'; value: 'true' | 'false' | 'null' | 'NaN' | 'Infinity' | '-Infinity' };

type JsonState =
  | 'top'
  | 'arrayFirst'
  | 'arrayAfterValue'
  | 'arrayAfterComma'
  | 'objectFirst'
  | 'objectAfterKey'
  | 'objectValue'
  | 'objectAfterValue'
  | 'objectAfterComma'
  | 'skip'
  | 'end';

/**
 * A JSON array of scalars, or an object whose "values" key holds one (other keys are skipped, whatever they hold).
 * Besides strict JSON it accepts the bare NaN, Infinity and -Infinity that Python's json module writes, so that
 * such a file is refused for its non-finite values, with their position, rather than as "not JSON".
 */
class JsonValuesParser implements ChunkParser {
  private pending = '';
  private state: JsonState = 'top';
  private topIsArray = false;
  private key = '';
  private sawValues = false;
  private depth = 0;
  private index = 0;

  constructor(
    private readonly builder: SampleBuilder,
    private readonly file: string,
  ) {}

  feed(text: string, final: boolean): void {
    const input = this.pending + text;
    let at = 0;
    const length = input.length;
    while (at < length) {
      const c = input.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        at += 1;
        continue;
      }
      const ch = input[at];
      if (ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === ':' || ch === ',') {
        this.token({ kind: ch });
        at += 1;
        continue;
      }
      if (ch === '"') {
        const end = closingQuote(input, at);
        if (end < 0) break; // the string goes on in the next chunk
        let value: string;
        try {
          value = JSON.parse(input.slice(at, end + 1)) as string;
        } catch {
          throw this.error(`an invalid string ${input.slice(at, Math.min(end + 1, at + 40))}`);
        }
        this.token({ kind: 'string', value });
        at = end + 1;
        continue;
      }
      let end = at;
      while (end < length && !isJsonDelimiter(input.charCodeAt(end))) end += 1;
      if (end === length && !final) break; // the number or literal may go on in the next chunk
      this.token(this.scalar(input.slice(at, end)));
      at = end;
    }
    this.pending = input.slice(at);
    if (final) {
      if (this.pending.trim() !== '') throw this.error(`an unterminated string ${this.pending.slice(0, 40)}`);
      if (this.state !== 'end') throw this.error('the JSON ends before its array (or object) is closed');
    }
  }

  private scalar(text: string): Token {
    if (text === 'true' || text === 'false' || text === 'null' || text === 'NaN' || text === 'Infinity' || text === '-Infinity') {
      return { kind: 'literal', value: text };
    }
    if (JSON_NUMBER.test(text)) return { kind: 'number', value: Number(text), text };
    throw this.error(`"${text.slice(0, 40)}" is not a JSON value`);
  }

  private error(what: string): SampleInputError {
    return new SampleInputError(`${this.file}: not valid JSON: ${what}`);
  }

  private value(token: Token): void {
    this.index += 1;
    const where = this.index;
    if (token.kind === 'number') {
      if (Number.isFinite(token.value)) this.builder.number(token.value);
      else this.builder.nonFiniteValue(token.text, where); // beyond the double range, e.g. 1e999
      return;
    }
    if (token.kind === 'string') {
      if (NON_FINITE.test(token.value.trim())) this.builder.nonFiniteValue(token.value, where);
      else this.builder.label(token.value, where);
      return;
    }
    if (token.kind === 'literal') {
      if (token.value === 'null') this.builder.missing += 1;
      else if (token.value === 'true' || token.value === 'false') this.builder.label(token.value, where);
      else this.builder.nonFiniteValue(token.value, where);
      return;
    }
    throw new SampleInputError(`${this.file}: value ${where} is ${token.kind === '[' ? 'an array' : 'an object'}, not a number or a label`);
  }

  private unexpected(token: Token, expected: string): SampleInputError {
    const seen = token.kind === 'string' ? `a string` : token.kind === 'number' || token.kind === 'literal' ? `a value` : `"${token.kind}"`;
    return new SampleInputError(`${this.file}: expected ${expected}, found ${seen}`);
  }

  private token(token: Token): void {
    const isValue = token.kind === 'string' || token.kind === 'number' || token.kind === 'literal';
    switch (this.state) {
      case 'top':
        if (token.kind === '[') {
          this.topIsArray = true;
          this.state = 'arrayFirst';
        } else if (token.kind === '{') this.state = 'objectFirst';
        else throw this.unexpected(token, 'a JSON array or an object with a "values" array');
        return;
      case 'arrayFirst':
      case 'arrayAfterComma':
        if (token.kind === ']' && this.state === 'arrayFirst') {
          this.closeArray();
          return;
        }
        if (isValue || token.kind === '[' || token.kind === '{') {
          this.value(token);
          this.state = 'arrayAfterValue';
          return;
        }
        throw this.unexpected(token, 'a value');
      case 'arrayAfterValue':
        if (token.kind === ',') this.state = 'arrayAfterComma';
        else if (token.kind === ']') this.closeArray();
        else throw this.unexpected(token, '"," or "]" after a value');
        return;
      case 'objectFirst':
      case 'objectAfterComma':
        if (token.kind === '}' && this.state === 'objectFirst') {
          this.closeObject();
          return;
        }
        if (token.kind !== 'string') throw this.unexpected(token, 'a key');
        this.key = token.value;
        this.state = 'objectAfterKey';
        return;
      case 'objectAfterKey':
        if (token.kind !== ':') throw this.unexpected(token, '":" after a key');
        this.state = 'objectValue';
        return;
      case 'objectValue':
        if (this.key === 'values') {
          if (this.sawValues) throw new SampleInputError(`${this.file}: "values" appears twice`);
          if (token.kind !== '[') throw new SampleInputError(`${this.file}: "values" is not an array`);
          this.sawValues = true;
          this.state = 'arrayFirst';
        } else if (token.kind === '[' || token.kind === '{') {
          this.depth = 1;
          this.state = 'skip';
        } else if (isValue) this.state = 'objectAfterValue';
        else throw this.unexpected(token, 'a value');
        return;
      case 'skip':
        if (token.kind === '[' || token.kind === '{') this.depth += 1;
        else if (token.kind === ']' || token.kind === '}') {
          this.depth -= 1;
          if (this.depth === 0) this.state = 'objectAfterValue';
        }
        return;
      case 'objectAfterValue':
        if (token.kind === ',') this.state = 'objectAfterComma';
        else if (token.kind === '}') this.closeObject();
        else throw this.unexpected(token, '"," or "}"');
        return;
      case 'end':
        throw new SampleInputError(`${this.file}: unexpected content after the JSON value`);
    }
  }

  private closeArray(): void {
    this.state = this.topIsArray ? 'end' : 'objectAfterValue';
  }

  private closeObject(): void {
    if (!this.sawValues) throw new SampleInputError(`${this.file}: the JSON object has no "values" array`);
    this.state = 'end';
  }
}

/** Index of the quote closing the string opened at `start`, or −1 when the input ends first. */
function closingQuote(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i;
    else i += 1;
  }
  return -1;
}

function isJsonDelimiter(c: number): boolean {
  // white space, [ ] { } : , "
  return (
    c === 0x20 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09 ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x3a ||
    c === 0x2c ||
    c === 0x22
  );
}

/**
 * One column of a CSV file with a header line, parsed a record at a time (a record cut by the end of a chunk is
 * parsed again with the next one). Only the chosen column's text is taken; blank lines are skipped; a line too
 * short to hold the column is an error naming the line. A quoted field may hold commas, line breaks and "".
 */
class CsvColumnParser implements ChunkParser {
  private pending = '';
  private header = true;
  private selected = -1;
  private columnName = '';
  private line = 1;

  constructor(
    private readonly builder: SampleBuilder,
    private readonly file: string,
    private readonly column: string | undefined,
  ) {}

  feed(text: string, final: boolean): void {
    const input = this.pending + text;
    let at = 0;
    while (at < input.length) {
      const end = this.record(input, at, final);
      if (end < 0) break;
      at = end;
    }
    this.pending = input.slice(at);
    if (final && this.header) throw new SampleInputError(`${this.file}: the CSV file has no header line`);
  }

  /** Parses the record starting at `start`; returns where the next one starts, or −1 when it is not complete yet. */
  private record(input: string, start: number, final: boolean): number {
    const length = input.length;
    const names: string[] = [];
    let selectedText: string | undefined;
    let field = 0;
    let i = start;
    let breaks = 0; // line breaks inside quoted fields
    let content = false;
    for (;;) {
      let value: string | undefined;
      if (i < length && input.charCodeAt(i) === QUOTE) {
        // A quoted field: up to the quote not followed by another one.
        let j = i + 1;
        let parts = '';
        let from = j;
        for (;;) {
          if (j >= length) {
            if (!final) return -1;
            throw new SampleInputError(`${this.file}: line ${this.line}: a quoted field is not closed`);
          }
          const c = input.charCodeAt(j);
          if (c === QUOTE) {
            if (j + 1 >= length && !final) return -1;
            if (input.charCodeAt(j + 1) === QUOTE) {
              parts += input.slice(from, j + 1);
              j += 2;
              from = j;
              continue;
            }
            break;
          }
          if (c === LF) breaks += 1;
          j += 1;
        }
        value = parts + input.slice(from, j);
        i = j + 1;
        content = true;
        // Anything between the closing quote and the delimiter is kept as it is (lenient).
        const k = scanField(input, i);
        if (k === length && !final) return -1;
        value += input.slice(i, k);
        i = k;
      } else {
        const k = scanField(input, i);
        if (k === length && !final) return -1;
        if (k > i) content = true;
        if (this.header || field === this.selected) value = input.slice(i, k);
        i = k;
      }
      if (this.header) names.push(value ?? '');
      else if (field === this.selected) selectedText = value;
      field += 1;
      if (i < length && input.charCodeAt(i) === COMMA) {
        i += 1;
        continue;
      }
      break;
    }
    // i is at a line break or at the end of the input (final).
    if (i < length && input.charCodeAt(i) === CR) {
      if (i + 1 >= length && !final) return -1;
      i += input.charCodeAt(i + 1) === LF ? 2 : 1;
    } else if (i < length) i += 1; // LF
    const recordLine = this.line;
    this.line += 1 + breaks;
    if (field === 1 && !content) return i; // a blank line
    if (this.header) {
      this.header = false;
      this.selected = this.chooseColumn(names);
      return i;
    }
    if (selectedText === undefined) {
      throw new SampleInputError(
        `${this.file}: line ${recordLine} has ${field} field${field === 1 ? '' : 's'}; ` +
          `column "${this.columnName}" is field ${this.selected + 1}`,
      );
    }
    this.cell(selectedText, recordLine);
    return i;
  }

  private chooseColumn(header: string[]): number {
    const names = header.map((name) => name.trim());
    if (this.column === undefined) {
      if (names.length === 1) {
        this.columnName = names[0]!;
        return 0;
      }
      throw new SampleInputError(`${this.file}: a CSV file with several columns needs --column NAME (columns: ${names.join(', ')})`);
    }
    const index = names.indexOf(this.column);
    if (index < 0) throw new SampleInputError(`${this.file}: no column "${this.column}" in the header (columns: ${names.join(', ')})`);
    this.columnName = this.column;
    return index;
  }

  /** An empty cell ("" too) is a missing value; text that reads as a number is one; NaN and inf are remembered; the rest are labels. */
  private cell(text: string, line: number): void {
    const trimmed = text.trim();
    if (trimmed === '') this.builder.missing += 1;
    else if (CSV_NUMBER.test(trimmed)) this.builder.number(Number(trimmed));
    else if (NON_FINITE.test(trimmed)) this.builder.nonFiniteValue(text, line);
    else this.builder.label(text, line);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** The index of the first comma or line break at or after `from` (the input's length when there is none). */
function scanField(input: string, from: number): number {
  let k = from;
  const length = input.length;
  while (k < length) {
    const c = input.charCodeAt(k);
    if (c === COMMA || c === LF || c === CR) return k;
    k += 1;
  }
  return k;
}
