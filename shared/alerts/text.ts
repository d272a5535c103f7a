/**
 * String clipping for length-limited fields. Lengths are counted in UTF-16 code units (JavaScript's
 * `length`, and Java's `String.length()` on the receiving side), so a clipped value is never longer
 * than the limit however it is counted; a surrogate pair is never split in half.
 */

const ELLIPSIS = '…';

/** The first `max` code units of `value`, backing off one unit rather than splitting a surrogate pair. */
function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 0) return '';
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

/** `value` if it fits, else clipped so that `value + ellipsis` is exactly within `max`. */
function truncate(value: string, max: number, ellipsis: string = ELLIPSIS): string {
  if (value.length <= max) return value;
  if (max <= ellipsis.length) return clip(value, max);
  return clip(value, max - ellipsis.length) + ellipsis;
}

/** Collapses runs of whitespace (newlines included) into one space and trims: for one-line fields. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export { ELLIPSIS, clip, oneLine, truncate };
