#!/usr/bin/env python3
"""Reference values for shared/telemetry/experiments, computed with SciPy (tests/conformance/experiments/*.json).

Run from the repository root:  python3 tests/conformance/experiments/generate.py
Checked with Python 3.11, SciPy 1.17. The tests read the JSON only; they never run Python.

Conventions (the same as shared/telemetry/experiments and docs/experiments.md):
  z-test   two-sided two-proportion z-test with the pooled standard error. Its square is the Pearson chi-square
           of the 2x2 table [[x_t, n_t - x_t], [x_c, n_c - x_c]] without continuity correction, so the reference
           is scipy.stats.chi2_contingency(table, correction=False): statistic = z**2 and the same p-value
           (statsmodels' proportions_ztest gives these numbers; statsmodels is not installed here). z carries
           the sign of p_t - p_c. A pooled rate of 0 or 1 has no test: z and p are null.
  CI       95% Wald interval of p_t - p_c with the unpooled standard error
           sqrt(p_c (1 - p_c) / n_c + p_t (1 - p_t) / n_t) and scipy.stats.norm.ppf(0.975)
           (statsmodels' confint_proportions_2indep(method='wald', compare='diff')).
  SRM      scipy.stats.chisquare(observed, f_exp = N * w / sum(w)), dof = variants - 1.
"""

import json
import math
import os

from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))

Z_CASES = [
    # (control conversions, control units, treatment conversions, treatment units)
    (120, 1000, 150, 1000),
    (480, 5000, 530, 5100),
    (5, 40, 12, 38),
    (0, 50, 3, 50),
    (1, 10, 9, 10),
    (300, 300, 290, 300),
    (2210, 20000, 2100, 20000),
    (37, 412, 37, 398),
    (0, 20, 0, 20),
    (20, 20, 20, 20),
]

SRM_CASES = [
    # (observed per variant, allocation weights)
    ([5000, 5000], [1, 1]),
    ([5100, 4900], [1, 1]),
    ([5200, 4800], [1, 1]),
    ([821, 750], [50, 50]),
    ([3300, 3350, 3200], [1, 1, 1]),
    ([3300, 3550, 3200], [1, 1, 1]),
    ([2050, 7950], [20, 80]),
    ([2250, 7750], [0.2, 0.8]),
    ([9, 12], [1, 1]),
    ([1000, 1120, 980, 1005], [1, 1, 1, 1]),
]


def z_case(xc, nc, xt, nt):
    pc, pt = xc / nc, xt / nt
    diff = pt - pc
    pooled = (xc + xt) / (nc + nt)
    if pooled in (0.0, 1.0):
        z, p = None, None
    else:
        chi2, p, dof, _ = stats.chi2_contingency([[xt, nt - xt], [xc, nc - xc]], correction=False)
        assert dof == 1
        z = math.copysign(math.sqrt(chi2), diff) if diff != 0 else 0.0
        p = float(p)
    se = math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
    q = float(stats.norm.ppf(0.975))
    return {
        "control": {"successes": xc, "trials": nc},
        "treatment": {"successes": xt, "trials": nt},
        "difference": diff,
        "relativeLift": diff / pc if pc > 0 else None,
        "z": z,
        "pValue": p,
        "ci95": {"low": diff - q * se, "high": diff + q * se},
    }


def srm_case(observed, weights):
    total = sum(observed)
    expected = [total * w / sum(weights) for w in weights]
    result = stats.chisquare(observed, f_exp=expected)
    return {
        "observed": observed,
        "weights": weights,
        "expected": expected,
        "statistic": float(result.statistic),
        "pValue": float(result.pvalue),
        "degreesOfFreedom": len(observed) - 1,
        "mismatch": bool(result.pvalue < 0.001),
    }


def write(name, value):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


write("two-proportion.json", {"source": "scipy.stats.chi2_contingency(correction=False), norm.ppf", "cases": [z_case(*c) for c in Z_CASES]})
write("sample-ratio.json", {"source": "scipy.stats.chisquare", "cases": [srm_case(*c) for c in SRM_CASES]})
