/** One request body: items serialised as JSON, one per line (newline-separated, no trailing newline). */
interface LineBatch {
  body: string;
  /** Positions of the items in the input, in order. */
  indices: number[];
  /** UTF-8 bytes of `body`. */
  bytes: number;
}

interface LineBatches {
  batches: LineBatch[];
  /** Items that alone exceed `maxBytes`: never put in a batch; the caller refuses them. */
  oversized: Array<{ index: number; bytes: number }>;
}

/**
 * Splits items into bodies of at most `maxBytes` UTF-8 bytes each, one JSON item per line, keeping input
 * order (a greedy fill: a batch is closed when the next line would not fit). Shared by the HEC sink
 * (envelopes) and the JSON-lines sink (records).
 *
 * @example
 * const { batches, oversized } = serializeLineBatches(records, 900_000);
 */
function serializeLineBatches(items: readonly unknown[], maxBytes: number): LineBatches {
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${maxBytes}`);
  const batches: LineBatch[] = [];
  const oversized: LineBatches['oversized'] = [];
  let lines: string[] = [];
  let indices: number[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (lines.length === 0) return;
    batches.push({ body: lines.join('\n'), indices, bytes });
    lines = [];
    indices = [];
    bytes = 0;
  };
  items.forEach((item, index) => {
    const line = JSON.stringify(item);
    const size = Buffer.byteLength(line, 'utf8');
    if (size > maxBytes) {
      oversized.push({ index, bytes: size });
      return;
    }
    if (lines.length > 0 && bytes + 1 + size > maxBytes) flush(); // + 1: the newline separator
    bytes += lines.length === 0 ? size : size + 1;
    lines.push(line);
    indices.push(index);
  });
  flush();
  return { batches, oversized };
}

export { serializeLineBatches };
export type { LineBatch, LineBatches };
