import { open } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { errorMessage } from './errors';

/**
 * What a file is, from its first bytes (never from its name):
 * - gzip when it starts with the gzip magic bytes 1f 8b (then the rest is looked at decompressed);
 * - JSON-ish when its first non-blank character (after an optional UTF-8 BOM) is "{" or "[": JSON
 *   Lines, a JSON array, a CloudTrail log file, or a single object (the scanner tells them apart,
 *   see jsonScanner.ts);
 * - JSON Lines with a broken first line, also JSON-ish, when that first non-blank line does not start
 *   with "{" or "[" but the next non-blank line starts with "{" in column 0: a capture cut in the
 *   middle of its first record (`tail -c`, a rotated log) or with a header line. Its lines are read one
 *   by one and the first is quarantined with its line number, instead of the whole file being lost. A
 *   README or a CSV has text on its second line too, and stays not JSON;
 * - empty when it holds only whitespace;
 * - not JSON otherwise (a README.md, a CSV, a binary file).
 */
type ContentKind = 'json' | 'empty' | 'not-json' | 'corrupt-gzip';

type Sniffed = {
  gzip: boolean;
  kind: ContentKind;
  /** The start of the (decompressed) text, for messages. */
  sample: string;
  /** Why a gzip file could not be decompressed. */
  error?: string;
};

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Bytes read from the start of a file to decide; compressed bytes inflated for the look. */
const SNIFF_BYTES = 64 * 1024;
/** Deflate expands at most ~1:1032, so 4 KiB inflate to 4.2 MB at most: under the output cap. */
const SNIFF_GZIP_BYTES = 4 * 1024;
const SNIFF_GZIP_MAX_OUTPUT = 8 * 1024 * 1024;

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The first non-blank line of a text, then the next one that starts with "{" in column 0 (see above). */
const BROKEN_FIRST_LINE = /^[\s\uFEFF]*[^\s\uFEFF][^\n]*\n(?:[ \t\r]*\n)*\{/;

/** Classifies the start of a text. */
function sniffText(text: string): ContentKind {
  const m = /[^\s\uFEFF]/.exec(text);
  if (!m) return 'empty';
  if (m[0] === '{' || m[0] === '[') return 'json';
  return BROKEN_FIRST_LINE.test(text) ? 'json' : 'not-json';
}

/** Reads the first bytes of a file and tells what it is. Throws the fs error if it cannot be read. */
async function sniffFile(path: string): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!isGzip(head)) {
    const sample = head.toString('utf8');
    return { gzip: false, kind: sniffText(sample), sample };
  }
  let inflated: Buffer;
  try {
    // Z_SYNC_FLUSH: give back what the first bytes decompress to instead of failing on the cut.
    inflated = gunzipSync(head.subarray(0, SNIFF_GZIP_BYTES), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: SNIFF_GZIP_MAX_OUTPUT,
    });
  } catch (err) {
    return { gzip: true, kind: 'corrupt-gzip', sample: '', error: errorMessage(err) };
  }
  const sample = inflated.subarray(0, SNIFF_BYTES).toString('utf8');
  const kind = sniffText(sample);
  // Nothing inflated yet (an empty member, or one cut after its header): reading it will tell.
  return { gzip: true, kind: kind === 'empty' ? 'json' : kind, sample };
}

export { GZIP_MAGIC, isGzip, sniffText, sniffFile };
export type { ContentKind, Sniffed };
