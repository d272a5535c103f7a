import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { jsonErrorReason } from '../../../shared/events/jsonErrorReason';
import { classifyValue } from './classify';
import { ReplayInputError, errorMessage } from './errors';
import { JsonStreamScanner, rescanLine, type ScanItem } from './jsonScanner';
import { eventBridgeSizeProblem } from './limits';
import { notJsonReason, planReplayInputs, type InputFile } from './listInputs';
import { quarantined } from './quarantine';
import type { Origin, ReadReplayOptions, ReplayItem } from './types';

/** Read size: big enough for throughput, small enough that nothing waits long for a first item. */
const READ_CHUNK_BYTES = 1024 * 1024;

function originOf(file: string, line?: number, index?: number): Origin {
  const origin: Origin = { file };
  if (line !== undefined) origin.line = line;
  if (index !== undefined) origin.index = index;
  return origin;
}

/**
 * A JSON.parse error as a reason, with no slice of the input in it. jsonErrorReason cuts V8's quote
 * when it is whole (`, "x" is not valid JSON`); V8 also quotes a window of a longer input with "..."
 * on either side (`Unexpected token 'a', ..."user": alice@exam"... is not valid JSON`), cut here.
 */
function inputJsonErrorReason(err: unknown): string {
  return jsonErrorReason(err)
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)')
    .replace(/^(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, 'not valid JSON');
}

/** JSON text of a value for a quarantined item's raw (cut to 2 KB anyway); '' when it cannot be serialised. */
function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return ''; // nested too deep for a recursive serialiser: the reason says so
  }
}

/** An event item, or a quarantined one when it breaks a limit asked for (the EventBridge event size). */
function eventItem(event: EventBridgeEvent, origin: Origin, opts: ReadReplayOptions, textLength?: number, raw?: () => string): ReplayItem {
  if (opts.maxEventBytes !== undefined) {
    const problem = eventBridgeSizeProblem(event, textLength, opts.maxEventBytes);
    if (problem !== undefined) return quarantined(origin, problem, raw ? raw() : '');
  }
  return { kind: 'event', event, origin };
}

/** What a "Records" element may not be, in a reason. */
const NESTED = { records: 'CloudTrail log file', logs: 'CloudWatch Logs subscription payload' } as const;

/** The replay items for one parsed value (a CloudTrail log file object gives one per record). */
function* itemsForValue(
  value: unknown,
  origin: Origin,
  raw: () => string,
  opts: ReadReplayOptions = {},
  textLength?: number,
): Generator<ReplayItem> {
  const classified = classifyValue(value, textLength);
  if (classified.kind === 'event') {
    yield eventItem(classified.event, origin, opts, textLength, raw);
  } else if (classified.kind === 'logs') {
    yield { kind: 'logs', payload: classified.payload, origin };
  } else if (classified.kind === 'rejected') {
    yield quarantined(origin, classified.reason, raw());
  } else {
    // {"Records":[...]} held whole (an element of an array, or a key spelled with escapes).
    for (let i = 0; i < classified.records.length; i++) {
      const record = classified.records[i];
      const inner = { ...origin, index: i };
      const c = classifyValue(record);
      if (c.kind === 'event') yield eventItem(c.event, inner, opts, undefined, () => rawJson(record));
      else yield quarantined(inner, c.kind === 'rejected' ? c.reason : `a ${NESTED[c.kind]} inside "Records"`, rawJson(record));
    }
  }
}

/** The replay items for one thing the scanner found. */
function* itemsForScan(item: ScanItem, file: string, opts: ReadReplayOptions = {}): Generator<ReplayItem> {
  const origin = originOf(file, item.line, item.kind === 'wrapper' ? undefined : item.index);
  if (item.kind === 'malformed') {
    yield quarantined(origin, item.reason, item.raw);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(item.text);
  } catch (err) {
    if (item.kind === 'value' && item.wholeLine && item.text.includes('"Records"')) {
      // Save the good records of a broken CloudTrail log line, as scanning it would have.
      for (const again of rescanLine(item.text, item.line)) yield* itemsForScan(again, file, opts);
      return;
    }
    yield quarantined(origin, `invalid JSON: ${inputJsonErrorReason(err)}`, item.text);
    return;
  }
  // A CloudTrail log file whose records were already read one by one: only its validity mattered.
  if (item.kind === 'wrapper') return;
  yield* itemsForValue(value, origin, () => item.text, opts, item.text.length);
}

/**
 * Reads one file as a stream: raw bytes (counted for onBytes), gunzipped when the file starts with
 * the gzip magic, decoded as UTF-8 across chunk boundaries, scanned value by value.
 */
async function* readFile(file: InputFile, opts: ReadReplayOptions): AsyncGenerator<ReplayItem> {
  const raw = createReadStream(file.path, { highWaterMark: READ_CHUNK_BYTES });
  const scanner = new JsonStreamScanner();
  const decoder = new StringDecoder('utf8');
  let readError: unknown;
  let source: Readable = raw;
  if (file.gzip) {
    const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
    raw.on('data', (chunk: Buffer | string) => opts.onBytes?.(chunk.length));
    raw.on('error', (err) => {
      readError = err;
      gunzip.destroy(err);
    });
    raw.pipe(gunzip);
    source = gunzip;
  }
  const chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        if (!file.gzip || readError !== undefined) throw ReplayInputError.fromFsError(file.path, readError ?? err);
        // A corrupt or truncated gzip: what came out before the damage is kept, the rest is reported.
        scanner.push(decoder.end());
        scanner.end();
        for (const item of scanner.drain()) yield* itemsForScan(item, file.path, opts);
        yield quarantined({ file: file.path }, `corrupt gzip: ${errorMessage(err)} (the rest of the file is lost)`, '');
        return;
      }
      if (next.done) break;
      if (!file.gzip) opts.onBytes?.(next.value.length);
      scanner.push(decoder.write(next.value));
      for (const item of scanner.drain()) yield* itemsForScan(item, file.path, opts);
    }
    scanner.push(decoder.end());
    scanner.end();
    for (const item of scanner.drain()) yield* itemsForScan(item, file.path, opts);
  } finally {
    raw.destroy();
    if (source !== raw) source.destroy();
  }
}

/**
 * Reads replay inputs: files and directories (recursively), each detected by content, `.gz` allowed
 * (see detectFormat.ts and jsonScanner.ts for the rules). Yields every EventBridge event (raw
 * CloudTrail records wrapped as EventBridge wraps them) and every unusable record as quarantined
 * with the reason, and goes on. Throws ReplayInputError, before yielding anything, when a path does
 * not exist or cannot be read or a directory has no input file; and if a file fails while being read.
 */
async function* readReplayInputs(paths: string[], opts: ReadReplayOptions = {}): AsyncGenerator<ReplayItem> {
  const plan = await planReplayInputs(paths, opts.exclude);
  for (const { path, reason } of plan.skipped) opts.onSkip?.(path, reason);
  for (const file of plan.files) {
    opts.onFile?.(file.path, file.bytes);
    if (file.kind === 'json') {
      yield* readFile(file, opts);
      continue;
    }
    opts.onBytes?.(file.bytes);
    if (file.kind === 'empty') opts.onSkip?.(file.path, 'skipped: empty file');
    else if (file.kind === 'corrupt-gzip') yield quarantined({ file: file.path }, `corrupt gzip: ${file.error ?? 'cannot decompress'}`, '');
    else yield quarantined({ file: file.path }, notJsonReason(file.sample), file.sample);
  }
}

export { readReplayInputs, itemsForScan, inputJsonErrorReason };
