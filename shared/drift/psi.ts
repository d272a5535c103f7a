import { countsBetween, decileEdges } from './binning';
import { InvalidDriftArgumentError } from './errors';
import type { CategoryCounts, NumericSample } from './sample';
import { totalCount, unionOfCategories } from './sample';

/**
 * Population Stability Index, PSI = Σᵢ (curᵢ − refᵢ)·ln(curᵢ/refᵢ) over bins of proportions.
 *   - numeric: bins cut at the reference's deciles (binning.ts: interior edges deduplicated, outer bins open,
 *     bins closed on the left), so each bin holds about a tenth of the reference;
 *   - categorical: one bin per category in the union of both samples;
 *   - an empty proportion (on either side) is replaced by 1e-4 before the sum, without renormalising; a bin empty
 *     on both sides then contributes 0. PSI is symmetric and ≥ 0; rule of thumb < 0.1 stable, ≥ 0.25 shifted.
 */

/** The proportion an empty bin is given. */
export const PSI_EMPTY_PROPORTION = 1e-4;

/** PSI of two proportion vectors (same bins, same order). */
export function psiFromProportions(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  emptyProportion = PSI_EMPTY_PROPORTION,
): number {
  if (reference.length !== current.length) {
    throw new InvalidDriftArgumentError(`PSI needs the same bins on both sides (${reference.length} vs ${current.length})`);
  }
  if (!(emptyProportion > 0)) throw new InvalidDriftArgumentError(`PSI empty proportion must be > 0, not ${emptyProportion}`);
  let psi = 0;
  for (let i = 0; i < reference.length; i += 1) {
    const r = reference[i] === 0 ? emptyProportion : reference[i];
    const c = current[i] === 0 ? emptyProportion : current[i];
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/** PSI of two numeric samples on the reference's decile bins. */
export function numericPsi(reference: NumericSample, current: NumericSample, emptyProportion = PSI_EMPTY_PROPORTION): number {
  const edges = decileEdges(reference);
  const ref = countsBetween(reference, edges);
  const cur = countsBetween(current, edges);
  for (let i = 0; i < ref.length; i += 1) {
    ref[i] /= reference.size;
    cur[i] /= current.size;
  }
  return psiFromProportions(ref, cur, emptyProportion);
}

/** PSI of two categorical samples over the union of their categories. */
export function categoricalPsi(reference: CategoryCounts, current: CategoryCounts, emptyProportion = PSI_EMPTY_PROPORTION): number {
  const n = totalCount(reference, 'reference');
  const m = totalCount(current, 'current');
  const categories = unionOfCategories(reference, current);
  const ref = categories.map((c) => (reference.get(c) ?? 0) / n);
  const cur = categories.map((c) => (current.get(c) ?? 0) / m);
  return psiFromProportions(ref, cur, emptyProportion);
}
