import { RetryDeadlineError, RetryError, RetryPolicy, backoffDelay, retryAfterMs } from '../../../shared/retry';

/** A virtual clock: sleeping advances it, so deadlines are exact and the tests take no time. */
function clock(start = 1_000_000) {
  const state = { now: start, sleeps: [] as number[] };
  return {
    state,
    now: () => state.now,
    sleep: async (ms: number) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
  };
}

describe('Function: backoffDelay', () => {
  it('doubles per retry with equal jitter, honours hints and the cap', () => {
    const half = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 };
    const full = { ...half, random: () => 0.999999 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, half))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, full))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(10, full)).toBe(1000);
    expect(backoffDelay(1, half, 700)).toBe(700);
    expect(backoffDelay(1, half, 60_000)).toBe(1000);
  });

  it('spreads over [0, step) with full jitter', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000, jitter: 'full' as const };
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(200);
  });
});

describe('Function: retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('Class: RetryPolicy', () => {
  it('allows the configured retries, then reports the budget spent', async () => {
    const c = clock();
    const run = new RetryPolicy({ retries: 2, baseDelayMs: 100, random: () => 0, sleep: c.sleep, now: c.now }).start();
    const seen: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      run.begin();
      seen.push(await run.next('HTTP 503'));
    }
    expect(seen).toEqual([true, true, false]);
    expect(run.attempts).toBe(3);
    expect(c.state.sleeps).toEqual([50, 100]);
  });

  it('gives up before the deadline: no wait ends past it, no attempt starts after it', async () => {
    const c = clock();
    const deadline = c.now() + 1000;
    const run = new RetryPolicy({ retries: 10, baseDelayMs: 200, random: () => 0.999999, sleep: c.sleep, now: c.now }).start({ deadline });
    const error = await (async () => {
      for (;;) {
        run.begin();
        c.state.now += 10; // the attempt itself
        await run.next('HTTP 500');
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryDeadlineError);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ name: 'RetryDeadlineError', reason: 'deadline', attempts: 3, lastFailure: 'HTTP 500' });
    expect((error as Error).message).toBe(
      'gave up after 3 attempts: retry 3 would wait 800 ms, past the deadline (370 ms left); last failure: HTTP 500',
    );
    expect(c.state.sleeps).toEqual([200, 400]);
    expect(c.now()).toBeLessThan(deadline);
  });

  it('refuses the first attempt once the deadline has passed', () => {
    const c = clock();
    const run = new RetryPolicy({ now: c.now }).start({ deadline: c.now() });
    expect(() => run.begin()).toThrow(expect.objectContaining({ reason: 'deadline', attempts: 0 }) as Error);
  });

  it('gives up at once when the server hint is longer than the time left', async () => {
    const c = clock();
    const run = new RetryPolicy({ maxDelayMs: 60_000, sleep: c.sleep, now: c.now }).start({ deadline: c.now() + 5000 });
    run.begin();
    await expect(run.next('HTTP 429', 30_000)).rejects.toMatchObject({ reason: 'deadline', attempts: 1 });
    expect(c.state.sleeps).toEqual([]);
  });

  it('stops at once when the signal aborts mid-sleep (real timer, and an injected sleep that ignores the signal)', async () => {
    const timers: NodeJS.Timeout[] = [];
    const ignoresSignal = (ms: number) => new Promise<void>((resolve) => void timers.push(setTimeout(resolve, ms)));
    for (const sleep of [undefined, ignoresSignal]) {
      const controller = new AbortController();
      const policy = new RetryPolicy({ baseDelayMs: 10_000, random: () => 0.999999, ...(sleep ? { sleep } : {}) });
      const run = policy.start({ signal: controller.signal });
      run.begin();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error('invocation ending')), 20);
      const error = await run.next('HTTP 503').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toMatchObject({ name: 'RetryDeadlineError', reason: 'aborted', attempts: 1 });
      expect((error as Error).cause).toEqual(new Error('invocation ending'));
    }
    timers.forEach(clearTimeout);
  });

  it('refuses to start when the signal is already aborted', () => {
    const run = new RetryPolicy().start({ signal: AbortSignal.abort() });
    expect(() => run.begin()).toThrow(RetryDeadlineError);
  });

  it('gives each attempt a signal that fires at the per-attempt timeout, the deadline or the abort, whichever is first', async () => {
    const controller = new AbortController();
    const run = new RetryPolicy().start({ signal: controller.signal, deadline: Date.now() + 60_000 });
    const limit = run.attemptSignal(5000);
    expect(limit.timeoutMs).toBe(5000);
    expect(limit.signal.aborted).toBe(false);
    controller.abort();
    expect(limit.signal.aborted).toBe(true);
    const clipped = new RetryPolicy().start({ deadline: Date.now() + 30 }).attemptSignal(5000);
    expect(clipped.timeoutMs).toBeLessThanOrEqual(30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(clipped.signal.aborted).toBe(true);
  });
});
