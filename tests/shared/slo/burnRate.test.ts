import { burnRate, DEFAULT_BURN_RULES, evaluateBurn, InvalidSloError, lookbackMinutes, type MinuteCount } from '../../../shared/slo';

/** Minutes end-(n-1)..end, each with `total` events of which `bad` are bad. */
const minutes = (end: number, n: number, total: number, bad: number): MinuteCount[] =>
  Array.from({ length: n }, (_, i) => ({ minute: end - i, total, bad }));

const END = 29_000_000;
const TARGET = 0.99; // error budget 1 %

describe('burn rate', () => {
  test('error ratio over the error budget; an empty window burns nothing', () => {
    expect(burnRate(1, 100, 0.99)).toBeCloseTo(1, 12);
    expect(burnRate(144, 1000, 0.99)).toBeCloseTo(14.4, 12);
    expect(burnRate(0, 0, 0.99)).toBe(0);
  });

  test('the default policy: 14.4× 1 h/5 min and 6× 6 h/30 min page, 1× 3 d/6 h tickets; the lookback is 3 days', () => {
    expect(DEFAULT_BURN_RULES.map((r) => [r.level, r.factor, r.longMinutes, r.shortMinutes])).toEqual([
      ['page', 14.4, 60, 5],
      ['page', 6, 360, 30],
      ['ticket', 1, 4320, 360],
    ]);
    expect(lookbackMinutes()).toBe(4320);
  });

  test('a fast burn over the last hour pages (15 % bad against a 1 % budget)', () => {
    const evaluation = evaluateBurn([...minutes(END, 60, 100, 15), ...minutes(END - 60, 300, 100, 0)], END, TARGET);
    expect(evaluation.level).toBe('page');
    expect(evaluation.firing!.rule.longMinutes).toBe(60);
    expect(evaluation.firing!.long.burnRate).toBeCloseTo(15, 9);
  });

  test('both windows must burn: a burst that stopped 10 minutes ago no longer pages on the 1 h rule', () => {
    const counts = [...minutes(END, 10, 100, 0), ...minutes(END - 10, 50, 100, 20)];
    const evaluation = evaluateBurn(counts, END, TARGET);
    const fast = evaluation.rules[0]!;
    expect(fast.long.burnRate).toBeGreaterThanOrEqual(14.4);
    expect(fast.short.burnRate).toBe(0);
    expect(fast.firing).toBe(false);
  });

  test('a slow burn: 6× over 6 h pages on the second rule; 1.2× over 3 days tickets', () => {
    const six = evaluateBurn(minutes(END, 360, 100, 7), END, TARGET);
    expect(six.level).toBe('page');
    expect(six.firing!.rule.longMinutes).toBe(360);
    const ticket = evaluateBurn(minutes(END, 4320, 1000, 12), END, TARGET);
    expect(ticket.level).toBe('ticket');
    expect(ticket.firing!.long.burnRate).toBeCloseTo(1.2, 9);
  });

  test('just below every factor: nothing fires', () => {
    const evaluation = evaluateBurn(minutes(END, 4320, 1000, 9), END, TARGET);
    expect(evaluation.level).toBeUndefined();
    expect(evaluation.rules.every((r) => !r.firing)).toBe(true);
  });

  test('windows are on event time: minutes after `end` are not counted', () => {
    const evaluation = evaluateBurn([...minutes(END + 5, 5, 100, 100), ...minutes(END, 60, 100, 0)], END, TARGET);
    expect(evaluation.rules[0]!.short.total).toBe(500);
    expect(evaluation.level).toBeUndefined();
  });

  test('a rule fires only once the history covers its long window', () => {
    const young = evaluateBurn(minutes(END, 120, 100, 20), END, TARGET);
    expect(young.rules.map((r) => r.covered)).toEqual([true, false, false]);
    expect(young.level).toBe('page');
    expect(young.firing!.rule.longMinutes).toBe(60);
    const tooYoung = evaluateBurn(minutes(END, 30, 100, 20), END, TARGET);
    expect(tooYoung.level).toBeUndefined();
    // An explicit history start (the series is older than the minutes read) covers every window.
    expect(evaluateBurn(minutes(END, 30, 100, 20), END, TARGET, DEFAULT_BURN_RULES, END - 10_000).rules.every((r) => r.covered)).toBe(true);
  });

  test('a target outside (0, 1), or a short window longer than its long one, is an error', () => {
    expect(() => evaluateBurn([], END, 1)).toThrow(InvalidSloError);
    expect(() => evaluateBurn([], END, 0.99, [{ level: 'page', factor: 2, longMinutes: 5, shortMinutes: 60 }])).toThrow(InvalidSloError);
  });
});
