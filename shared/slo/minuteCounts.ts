import { InvalidMinuteCountError } from './errors';

/**
 * The SLI of one minute of event time: `total` events, `bad` of them outside the objective (too slow, failed).
 * `minute` is epoch minutes (Math.floor(ms / 60 000)).
 */
export interface MinuteCount {
  readonly minute: number;
  readonly total: number;
  readonly bad: number;
}

export const MINUTE_MS = 60_000;

export const epochMinute = (ms: number): number => Math.floor(ms / MINUTE_MS);

export function validateMinuteCount(count: MinuteCount): MinuteCount {
  const { minute, total, bad } = count;
  if (!Number.isInteger(minute)) throw new InvalidMinuteCountError(`minute must be an integer of epoch minutes, not ${minute}`);
  if (!(Number.isFinite(total) && total >= 0)) throw new InvalidMinuteCountError(`total must be a finite count ≥ 0, not ${total}`);
  if (!(Number.isFinite(bad) && bad >= 0 && bad <= total)) {
    throw new InvalidMinuteCountError(`bad must be a finite count in [0, total = ${total}], not ${bad}`);
  }
  return count;
}

/** Total and bad over the minutes (end − minutes, end], `end` included: the window that ends with minute `end`. */
export function windowSums(counts: readonly MinuteCount[], end: number, minutes: number): { total: number; bad: number } {
  let total = 0;
  let bad = 0;
  for (const c of counts) {
    if (c.minute > end - minutes && c.minute <= end) {
      total += c.total;
      bad += c.bad;
    }
  }
  return { total, bad };
}
