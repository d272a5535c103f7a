import { createProgress, type ProgressStream } from '../../../../infra/local/replay';

function fakeStream(isTTY: boolean, columns = 100): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return {
    isTTY,
    columns,
    writes,
    write(chunk: string): boolean {
      writes.push(chunk);
      return true;
    },
  };
}

function fakeClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('createProgress', () => {
  it('draws a one-line bar with %, events/s and ETA on a TTY', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress({ total: 1000, stream, label: 'replay', now: clock.now });
    clock.advance(2000);
    progress.tick(250, 5000);
    expect(stream.writes).toHaveLength(1);
    const line = stream.writes[0]!;
    expect(line.startsWith('\rreplay [')).toBe(true);
    expect(line).toContain(' 25%');
    expect(line).toContain('5,000 events');
    expect(line).toContain('2,500 ev/s');
    expect(line).toContain('ETA 0:06');
    expect(line.endsWith('\x1b[K')).toBe(true);
    expect(line).not.toContain('\n');
  });

  it('redraws at most every 100 ms', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress({ total: 100, stream, label: 'x', now: clock.now });
    progress.tick(1, 1);
    for (let i = 0; i < 50; i++) {
      clock.advance(1);
      progress.tick(1, 1);
    }
    expect(stream.writes).toHaveLength(1);
    clock.advance(60);
    progress.tick(1, 1);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toContain(' 52%');
  });

  it('ends with a final line at 100 % and a newline, once', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress({ total: 10, stream, label: 'replay', now: clock.now });
    clock.advance(65_000);
    progress.tick(10, 42);
    progress.done();
    progress.done();
    progress.tick(5, 5);
    const last = stream.writes.at(-1)!;
    expect(stream.writes).toHaveLength(2);
    expect(last).toContain('100%');
    expect(last).toContain('42 events');
    expect(last).toContain('in 1:05');
    expect(last.endsWith('\n')).toBe(true);
  });

  it('fits the terminal width', () => {
    const stream = fakeStream(true, 50);
    const progress = createProgress({ total: 10, stream, label: 'a-rather-long-label', now: fakeClock().now });
    progress.tick(3, 3);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal escape that clears the line.
    const visible = stream.writes[0]!.replace(/^\r/, '').replace(/\x1b\[K$/, '');
    expect(visible.length).toBeLessThan(50);
  });

  it('copes with an unknown total', () => {
    const stream = fakeStream(true);
    const progress = createProgress({ total: 0, stream, now: fakeClock().now });
    progress.tick(10, 1);
    expect(stream.writes[0]).toContain('  0%');
    expect(stream.writes[0]).toContain('ETA --:--');
  });

  it('prints nothing at all when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress({ total: 100, stream, label: 'replay', now: clock.now });
    for (let i = 0; i < 10; i++) {
      clock.advance(500);
      progress.tick(10, 10);
    }
    progress.done();
    expect(stream.writes).toEqual([]);
  });

  it('accepts process.stderr', () => {
    const progress = createProgress({ total: 1, stream: process.stderr, label: 'replay' });
    expect(typeof progress.tick).toBe('function');
  });
});
