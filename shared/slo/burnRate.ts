import { InvalidSloError } from './errors';
import { type MinuteCount, windowSums } from './minuteCounts';

/**
 * Multi-window, multi-burn-rate alerting on an SLO (the Google SRE workbook's "alerting on SLOs", recommended set):
 * burn rate = error ratio / error budget, with error budget = 1 − target. An alert fires when the burn rate is at
 * or above its factor over the long window AND over the short window (the short one makes it stop soon after the
 * problem stops). A burn rate of 1 spends the whole budget in exactly the SLO period (30 days here):
 *   page    14.4× over 1 h and 5 min   (2 % of a 30-day budget in an hour)
 *   page    6×    over 6 h and 30 min  (5 % in six hours)
 *   ticket  1×    over 3 days and 6 h  (10 % in three days)
 * Generic: the SLI is counts per minute (shared/slo/minuteCounts.ts), whatever they count.
 *
 * A rule is only evaluated once the history covers its long window (`historyStart`, the first minute known, at or
 * before the window's first minute): a burn over the 6 hours a new series has does not stand for 3 days (without
 * this, any fast burn on a young series would also open a ticket).
 */

export type BurnLevel = 'page' | 'ticket';

export interface BurnWindowRule {
  readonly level: BurnLevel;
  readonly factor: number;
  readonly longMinutes: number;
  readonly shortMinutes: number;
}

export const DEFAULT_BURN_RULES: readonly BurnWindowRule[] = [
  { level: 'page', factor: 14.4, longMinutes: 60, shortMinutes: 5 },
  { level: 'page', factor: 6, longMinutes: 360, shortMinutes: 30 },
  { level: 'ticket', factor: 1, longMinutes: 4320, shortMinutes: 360 },
];

/** The longest window of the rules: how far back the counts must reach. */
export const lookbackMinutes = (rules: readonly BurnWindowRule[] = DEFAULT_BURN_RULES): number =>
  Math.max(...rules.map((r) => r.longMinutes));

export function validateTarget(target: number): number {
  if (!(target > 0 && target < 1)) throw new InvalidSloError(`an SLO target must be in (0, 1), not ${target}`);
  return target;
}

export function validateRules(rules: readonly BurnWindowRule[]): readonly BurnWindowRule[] {
  if (rules.length === 0) throw new InvalidSloError('a burn-rate policy needs at least one rule');
  for (const r of rules) {
    const ok =
      r.factor > 0 &&
      Number.isInteger(r.longMinutes) &&
      Number.isInteger(r.shortMinutes) &&
      r.shortMinutes > 0 &&
      r.shortMinutes <= r.longMinutes;
    if (!ok) throw new InvalidSloError(`burn rule ${JSON.stringify(r)}: factor > 0 and 0 < short ≤ long (whole minutes) are required`);
  }
  return rules;
}

/** bad/total divided by the error budget; 0 over a window with no event (nothing was spent). */
export function burnRate(bad: number, total: number, target: number): number {
  if (total === 0) return 0;
  return bad / total / (1 - target);
}

export interface WindowBurn {
  readonly minutes: number;
  readonly total: number;
  readonly bad: number;
  readonly burnRate: number;
}

export interface RuleOutcome {
  readonly rule: BurnWindowRule;
  readonly long: WindowBurn;
  readonly short: WindowBurn;
  readonly firing: boolean;
  /** False while the history is younger than the long window: the rule cannot fire yet. */
  readonly covered: boolean;
}

export interface BurnEvaluation {
  /** The most severe level firing (page over ticket), or undefined. */
  readonly level?: BurnLevel;
  /** The rule that set the level: the firing rule of that level with the highest long-window burn rate. */
  readonly firing?: RuleOutcome;
  readonly rules: RuleOutcome[];
}

/**
 * Evaluates every rule on the windows ending with minute `end` (event time: the minute of the record being judged).
 * `historyStart`: the series' first minute known; by default the earliest minute of `counts`.
 */
export function evaluateBurn(
  counts: readonly MinuteCount[],
  end: number,
  target: number,
  rules: readonly BurnWindowRule[] = DEFAULT_BURN_RULES,
  historyStart: number = Math.min(end, ...counts.map((c) => c.minute)),
): BurnEvaluation {
  validateTarget(target);
  validateRules(rules);
  const window = (minutes: number): WindowBurn => {
    const { total, bad } = windowSums(counts, end, minutes);
    return { minutes, total, bad, burnRate: burnRate(bad, total, target) };
  };
  const outcomes = rules.map((rule) => {
    const long = window(rule.longMinutes);
    const short = window(rule.shortMinutes);
    const covered = historyStart <= end - rule.longMinutes + 1;
    return { rule, long, short, covered, firing: covered && long.burnRate >= rule.factor && short.burnRate >= rule.factor };
  });
  const pick = (level: BurnLevel) =>
    outcomes.filter((o) => o.firing && o.rule.level === level).sort((a, b) => b.long.burnRate - a.long.burnRate)[0];
  const firing = pick('page') ?? pick('ticket');
  return { ...(firing ? { level: firing.rule.level, firing } : {}), rules: outcomes };
}
