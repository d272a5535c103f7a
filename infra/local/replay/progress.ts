/**
 * A one-line progress bar for a replay: `label [#####-----]  42%  12,345 events  3,210 ev/s  ETA 0:07`.
 * It draws only on a terminal (`stream.isTTY`), rewriting its line at most every `intervalMs`
 * (100 ms: ~10 redraws a second), and ends with a newline on `done()`. On anything else (a pipe,
 * a CI log) it prints nothing at all: the command's own summary says what happened.
 */

/** The part of a NodeJS.WriteStream the bar uses (process.stderr fits). */
type ProgressStream = {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
};

type ProgressOptions = {
  /** Total units of work (bytes on disk, see inputSizeBytes); 0 when unknown. */
  total: number;
  stream: ProgressStream;
  label?: string;
  /** Minimum time between redraws. */
  intervalMs?: number;
  /** Clock in ms (tests pass their own). */
  now?: () => number;
};

type Progress = {
  /** Adds `bytes` of work done and `events` processed since the last tick (both increments). */
  tick(bytes: number, events?: number): void;
  /** Draws the final state and moves to the next line (TTY only). Later calls do nothing. */
  done(): void;
};

const DEFAULT_INTERVAL_MS = 100;

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function createProgress(opts: ProgressOptions): Progress {
  const { stream, total } = opts;
  const label = opts.label ?? 'replay';
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const now = opts.now ?? (() => Date.now());
  const enabled = stream.isTTY === true;
  const started = now();
  let bytes = 0;
  let events = 0;
  let lastDraw = -Infinity;
  let finished = false;

  const render = (final: boolean): string => {
    const elapsed = Math.max((now() - started) / 1000, 1e-3);
    const fraction = total > 0 ? Math.min(bytes / total, 1) : final ? 1 : 0;
    const rate = events / elapsed;
    const eta = final ? 0 : bytes > 0 && total > 0 ? (elapsed * Math.max(total - bytes, 0)) / bytes : NaN;
    const pct = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const timing = final ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`;
    const tail = `${pct}  ${formatCount(events)} events  ${formatCount(rate)} ev/s  ${timing}`;
    const columns = stream.columns && stream.columns > 0 ? stream.columns : 80;
    const barWidth = Math.max(10, Math.min(40, columns - label.length - tail.length - 5));
    const filled = Math.round(fraction * barWidth);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${tail}`;
    return line.length >= columns ? line.slice(0, columns - 1) : line;
  };

  const draw = (final: boolean): void => {
    lastDraw = now();
    // \r back to the start of the line, \x1b[K clears what a longer previous line left.
    stream.write(`\r${render(final)}\x1b[K${final ? '\n' : ''}`);
  };

  return {
    tick(b: number, e = 0): void {
      if (finished) return;
      bytes += b;
      events += e;
      if (enabled && now() - lastDraw >= intervalMs) draw(false);
    },
    done(): void {
      if (finished) return;
      finished = true;
      if (enabled) draw(true);
    },
  };
}

export { createProgress, formatDuration };
export type { Progress, ProgressOptions, ProgressStream };
