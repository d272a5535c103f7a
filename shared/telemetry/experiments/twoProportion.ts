import { chiSquareSurvival } from '../../drift';

/** The 97.5th percentile of the standard normal: the half-width of a 95% interval in standard errors. */
export const Z_975 = 1.959963984540054;

export interface Proportion {
  /** Units that converted. */
  readonly successes: number;
  /** Units exposed. */
  readonly trials: number;
}

export interface TwoProportionResult {
  /** treatment rate − control rate. */
  readonly difference: number;
  /** difference ÷ control rate; null when the control rate is 0. */
  readonly relativeLift: number | null;
  /** null when the pooled rate is 0 or 1 (no variance: nothing to test). */
  readonly z: number | null;
  /** Two-sided; null with z. */
  readonly pValue: number | null;
  /** 95% confidence interval of the difference. */
  readonly ci95: { readonly low: number; readonly high: number };
}

/**
 * The two-proportion z-test of a treatment against the control, as statsmodels' proportions_ztest
 * (two-sided) computes it:
 *   - the test uses the pooled standard error, the rate under the null hypothesis of no difference:
 *     p = (x_c + x_t) / (n_c + n_t), SE = √(p(1 − p)(1/n_c + 1/n_t)), z = (p_t − p_c) / SE;
 *     p-value = P(|Z| ≥ |z|) = the chi-square(1) survival function of z² (z² is the 2×2 chi-square
 *     statistic without continuity correction: scipy.stats.chi2_contingency(correction=False));
 *   - the confidence interval of the difference uses the unpooled (Wald) standard error, since it is not
 *     computed under the null: p_t − p_c ± z₀.₉₇₅ √(p_c(1 − p_c)/n_c + p_t(1 − p_t)/n_t).
 */
export function twoProportionZTest(control: Proportion, treatment: Proportion): TwoProportionResult {
  const pc = control.successes / control.trials;
  const pt = treatment.successes / treatment.trials;
  const difference = pt - pc;
  const pooled = (control.successes + treatment.successes) / (control.trials + treatment.trials);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / treatment.trials));
  const z = pooledSe > 0 ? difference / pooledSe : null;
  const unpooledSe = Math.sqrt((pc * (1 - pc)) / control.trials + (pt * (1 - pt)) / treatment.trials);
  return {
    difference,
    relativeLift: pc > 0 ? difference / pc : null,
    z,
    pValue: z === null ? null : chiSquareSurvival(z * z, 1),
    ci95: { low: difference - Z_975 * unpooledSe, high: difference + Z_975 * unpooledSe },
  };
}
