#!/usr/bin/env python3
"""Reference values for shared/drift, computed with SciPy and NumPy (tests/conformance/drift/*.json).

Run from the repository root:  python3 tests/conformance/drift/generate.py
Checked with Python 3.11.7, NumPy 2.4.6, SciPy 1.17.1 (the script refuses other major versions of SciPy's
ks_2samp internals: it calls scipy.stats._stats_py._attempt_exact_2kssamp, the function ks_2samp itself uses for
its exact p-value). Every input is drawn from numpy.random.default_rng with a fixed seed, so a rerun writes the
same files. The tests read the JSON only; they never run Python.

Conventions (the same as shared/drift and docs/drift.md):
  KS            scipy.stats.ks_2samp(reference, current) with method='auto'; 'linf' is the raw largest ECDF gap
                (before ks_2samp moves it onto the 1/lcm lattice in exact mode).
  PSI           bins cut at np.unique(np.quantile(reference, k/10 for k = 1..9)), searchsorted(side='right'),
                empty proportions replaced by 1e-4, sum of (cur - ref) * ln(cur / ref).
  JS, Hellinger np.histogram(x, bins=10, range=(min of both, max of both)) / len(x);
                scipy.spatial.distance.jensenshannon(p, q, base=2); sqrt(sum((sqrt p - sqrt q)^2) / 2).
  Wasserstein   scipy.stats.wasserstein_distance(reference, current) (with weights for sketches); normed: divided
                by max(np.std(reference), 0.001).
  chi-square    scipy.stats.chi2_contingency([ref counts, cur counts], correction=True) and
                scipy.stats.chisquare(cur counts, ref counts / n * m) over the sorted union of categories; one
                category: statistic 0, p-value 1 (SciPy's chisquare gives NaN there: noted in the case).
  baseline      linf_simple as above (categorical: max |ref share - cur share|); robust = max(0, simple -
                c * sqrt((n + m) / (n m))) with c = 1.8, and with c = sqrt(-ln(alpha / 2) / 2) for alpha = 0.05.
  sketches      statistics.json files built the way Deequ's KLL sketch is filled (compactor levels, an item at
                level i weighing 2^i, k = 2048, c = 0.64); their expected statistics are the raw-sample statistics
                of np.repeat(items, weights), the sample a sketch stands for.
Non-finite numbers are written as the strings "inf", "-inf", "nan".
"""

import json
import math
import os
import warnings
from fractions import Fraction

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp

HERE = os.path.dirname(os.path.abspath(__file__))
assert scipy.__version__.split('.')[:2] == ['1', '17'], f'written for SciPy 1.17, found {scipy.__version__}'

EPS = 1e-4
ALPHA = 0.05
C_DEFAULT = 1.8
C_ALPHA = math.sqrt(-math.log(ALPHA / 2) / 2)


def finite(x):
    if isinstance(x, float) or isinstance(x, np.floating):
        x = float(x)
        if math.isnan(x):
            return 'nan'
        if math.isinf(x):
            return 'inf' if x > 0 else '-inf'
        return x
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [finite(v) for v in x]
    return x


def write(name, payload):
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump(finite(payload), f, separators=(',', ':'))
        f.write('\n')


# ---------------------------------------------------------------- numeric samples

def linf(ref, cur):
    ref = np.sort(ref)
    cur = np.sort(cur)
    pooled = np.concatenate([ref, cur])
    return float(np.max(np.abs(np.searchsorted(ref, pooled, side='right') / len(ref)
                               - np.searchsorted(cur, pooled, side='right') / len(cur))))


def robust(simple, n, m, c):
    return max(0.0, simple - c * math.sqrt((n + m) / (n * m)))


def psi(ref_props, cur_props):
    r = np.where(ref_props == 0, EPS, ref_props)
    c = np.where(cur_props == 0, EPS, cur_props)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_psi(ref, cur):
    edges = np.unique(np.quantile(ref, np.arange(1, 10) / 10))
    bins = len(edges) + 1
    r = np.bincount(np.searchsorted(edges, ref, side='right'), minlength=bins) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side='right'), minlength=bins) / len(cur)
    return psi(r, c), edges


def hellinger(p, q):
    return float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2) / 2))


def ks_method(n, m):
    return 'exact' if max(n, m) <= 10000 else 'asymp'


def numeric_expected(ref, cur):
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    n, m = len(ref), len(cur)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        ks = stats.ks_2samp(ref, cur)
    lo, hi = min(ref.min(), cur.min()), max(ref.max(), cur.max())
    pr = np.histogram(ref, bins=10, range=(lo, hi))[0] / n
    pc = np.histogram(cur, bins=10, range=(lo, hi))[0] / m
    w = float(stats.wasserstein_distance(ref, cur))
    simple = linf(ref, cur)
    value_psi, edges = numeric_psi(ref, cur)
    return {
        'ks': {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue), 'method': ks_method(n, m),
               'warnings': [str(c.message) for c in caught]},
        'psi': value_psi,
        'psiEdges': edges.tolist(),
        'jensenShannon': float(jensenshannon(pr, pc, base=2)),
        'hellinger': hellinger(pr, pc),
        'histogram': {'reference': pr.tolist(), 'current': pc.tolist()},
        'wasserstein': w,
        'wassersteinNormed': w / max(float(np.std(ref)), 0.001),
        'baselineDistance': {'simple': simple, 'robust': robust(simple, n, m, C_DEFAULT)},
        'baselineDistanceAlpha': {'alpha': ALPHA, 'simple': simple, 'robust': robust(simple, n, m, C_ALPHA)},
    }


def numeric_cases():
    rng = np.random.default_rng(20261201)
    cases = []

    def add(id, ref, cur, note):
        ref = [float(x) for x in ref]
        cur = [float(x) for x in cur]
        cases.append({'id': id, 'note': note, 'reference': ref, 'current': cur, 'expected': numeric_expected(ref, cur)})

    r3 = lambda x: np.round(x, 3)
    add('normal-shift-200-150', rng.normal(0, 1, 200), rng.normal(0.5, 1.2, 150), 'N(0,1) vs N(0.5,1.2), exact unequal sizes')
    add('normal-same-200-200', rng.normal(0, 1, 200), rng.normal(0, 1, 200), 'no drift, exact equal sizes')
    add('identical', [1.5, 2.5, 2.5, 4.0, 7.25], [1.5, 2.5, 2.5, 4.0, 7.25], 'identical samples: every distance 0, p-value 1')
    add('disjoint', rng.uniform(0, 1, 40), rng.uniform(5, 6, 30), 'disjoint supports: KS 1')
    add('disjoint-equal', [1.0, 2.0, 3.0], [10.0, 11.0, 12.0], 'disjoint, equal sizes')
    add('one-vs-one-equal', [3.0], [3.0], 'a sample of one on each side, the same value')
    add('one-vs-one', [3.0], [4.0], 'a sample of one on each side, different values')
    add('one-vs-many', [0.25], rng.normal(0, 1, 25), 'a reference of one value')
    add('many-vs-one', rng.normal(0, 1, 25), [10.0], 'a current sample of one value')
    add('constant-reference', [2.0] * 30, r3(rng.normal(2, 0.5, 20)), 'constant reference: normed Wasserstein uses the 0.001 floor')
    add('constant-both', [5.0] * 12, [5.0] * 8, 'both constant, the same value: histogram range widened as NumPy does')
    add('constant-different', [5.0] * 12, [6.0] * 9, 'both constant, different values')
    add('heavy-ties', [1.0] * 50 + [1.2] * 30 + [2.0] * 20, [1.0] * 20 + [1.2] * 40 + [2.0] * 30 + [3.0] * 10,
        'heavy ties: decile edges collapse to [1.0, 1.2, 2.0]')
    add('integers-poisson', rng.poisson(3, 300), rng.poisson(3.4, 280), 'discrete data, many ties')
    add('integers-small', [1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5], 'tiny integer samples')
    add('two-values', [0.0, 1.0], [0.0, 0.0, 1.0], 'two and three values')
    add('lognormal-skew', rng.lognormal(0, 1, 500), rng.lognormal(0.1, 1.1, 450), 'skewed data')
    add('scale-change', rng.normal(0, 1, 1000), rng.normal(0, 2, 1000), 'same mean, doubled spread')
    add('tiny-shift-5000', rng.normal(0, 1, 5000), rng.normal(0.02, 1, 4000), 'small shift, mid-sized samples')
    add('negative-values', -rng.exponential(2, 120), -rng.exponential(2.5, 130), 'all negative')
    add('large-magnitude', rng.normal(1e9, 1e6, 300), rng.normal(1e9 + 2e5, 1e6, 300), 'large magnitudes, equal sizes')
    add('small-magnitude', rng.normal(1e-9, 1e-10, 80), rng.normal(1.1e-9, 1e-10, 90), 'tiny magnitudes')
    add('prime-sizes', rng.normal(0, 1, 97), rng.normal(0.3, 1, 89), 'coprime sizes (lcm = n·m)')
    add('unbalanced', rng.normal(0, 1, 3), rng.normal(0, 1, 2000), 'very unbalanced sizes, exact')
    add('exact-10000-10000', r3(rng.normal(0, 1, 10000)), r3(rng.normal(0.02, 1, 10000)), 'the largest equal-size exact case')
    add('exact-10000-9999', r3(rng.normal(0, 1, 10000)), r3(rng.normal(0.03, 1, 9999)), 'the largest unequal exact case')
    add('asymp-10001-10001', r3(rng.normal(0, 1, 10001)), r3(rng.normal(0.02, 1, 10001)),
        'just above the exact limit: asymptotic, en = 5000.5 rounds half to even')
    add('asymp-200-20000', r3(rng.normal(0, 1, 200)), r3(rng.normal(0.1, 1, 20000)), 'asymptotic with n = round(en) = 198')
    add('asymp-100-15000', r3(rng.normal(0, 1, 100)), r3(rng.normal(0.2, 1, 15000)), 'asymptotic with n = round(en) = 99 (<= 140)')
    return cases


# ---------------------------------------------------------------- categorical samples

def categorical_expected(ref_counts, cur_counts):
    cats = sorted(c for c in set(ref_counts) | set(cur_counts) if ref_counts.get(c, 0) > 0 or cur_counts.get(c, 0) > 0)
    r = np.array([ref_counts.get(c, 0) for c in cats], dtype=np.float64)
    c = np.array([cur_counts.get(c, 0) for c in cats], dtype=np.float64)
    n, m = r.sum(), c.sum()
    notes = []
    if len(cats) == 1:
        contingency = {'statistic': 0.0, 'pValue': 1.0, 'degreesOfFreedom': 0, 'yates': False}
        gof = {'statistic': 0.0, 'pValue': 1.0, 'degreesOfFreedom': 0}
        res = stats.chi2_contingency(np.array([r, c]), correction=True)
        assert res.statistic == 0 and res.pvalue == 1
        notes.append('one category: chi2_contingency gives (0, 1); chisquare gives NaN (dof 0), the convention here is (0, 1)')
    else:
        res = stats.chi2_contingency(np.array([r, c]), correction=True)
        contingency = {'statistic': float(res.statistic), 'pValue': float(res.pvalue), 'degreesOfFreedom': int(res.dof),
                       'yates': int(res.dof) == 1}
        with np.errstate(divide='ignore', invalid='ignore'), warnings.catch_warnings():
            warnings.simplefilter('ignore')
            g = stats.chisquare(c, r / n * m)
        gof = {'statistic': float(g.statistic), 'pValue': float(g.pvalue), 'degreesOfFreedom': len(cats) - 1}
    pr, pc = r / n, c / m
    simple = float(np.max(np.abs(pr - pc)))
    return {
        'categories': cats,
        'chiSquare': contingency,
        'chiSquareGoodnessOfFit': gof,
        'psi': psi(pr, pc),
        'jensenShannon': float(jensenshannon(pr, pc, base=2)),
        'hellinger': hellinger(pr, pc),
        'baselineDistance': {'simple': simple, 'robust': robust(simple, n, m, C_DEFAULT)},
        'baselineDistanceAlpha': {'alpha': ALPHA, 'simple': simple, 'robust': robust(simple, n, m, C_ALPHA)},
        'notes': notes,
    }


def counts_of(values):
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def categorical_cases():
    rng = np.random.default_rng(20261202)
    cases = []

    def add_values(id, ref, cur, note):
        ref, cur = [str(x) for x in ref], [str(x) for x in cur]
        cases.append({'id': id, 'note': note, 'reference': ref, 'current': cur,
                      'expected': categorical_expected(counts_of(ref), counts_of(cur))})

    def add_counts(id, ref, cur, note):
        cases.append({'id': id, 'note': note, 'referenceCounts': ref, 'currentCounts': cur,
                      'expected': categorical_expected(ref, cur)})

    add_values('new-category', rng.choice(list('abcd'), 300, p=[0.4, 0.3, 0.2, 0.1]),
               rng.choice(list('abcde'), 250, p=[0.25, 0.3, 0.2, 0.15, 0.1]), 'a category new in the current sample: GOF infinite')
    add_values('no-drift', rng.choice(list('abcd'), 400, p=[0.4, 0.3, 0.2, 0.1]),
               rng.choice(list('abcd'), 380, p=[0.4, 0.3, 0.2, 0.1]), 'same distribution')
    add_values('missing-category', rng.choice(['ios', 'android', 'web'], 200, p=[0.5, 0.3, 0.2]),
               rng.choice(['ios', 'android'], 150, p=[0.6, 0.4]), 'a reference category absent from the current sample')
    add_values('two-categories', ['yes'] * 30 + ['no'] * 70, ['yes'] * 45 + ['no'] * 55, '2 categories: Yates correction')
    add_values('two-categories-close', ['yes'] * 50 + ['no'] * 50, ['yes'] * 50 + ['no'] * 51, 'Yates shrinks |O - E| below 0.5')
    add_values('single-category', ['x'] * 10, ['x'] * 7, 'one category on both sides')
    add_values('identical', list('aabbbcd'), list('aabbbcd'), 'identical samples')
    add_values('disjoint', list('aaabbb'), list('cccdd'), 'no category in common')
    add_values('one-value-each', ['a'], ['b'], 'a sample of one on each side')
    add_values('numbers-as-labels', rng.integers(0, 5, 120), rng.integers(0, 6, 110), 'numeric labels read as categories')
    add_counts('many-categories', {f'c{i:03d}': int(x) for i, x in enumerate(rng.integers(1, 200, 300))},
               {f'c{i:03d}': int(x) for i, x in enumerate(rng.integers(1, 210, 300))}, '300 categories, large dof')
    add_counts('large-counts', {'a': 400000, 'b': 350000, 'c': 250000}, {'a': 401200, 'b': 349000, 'c': 249800},
               'large counts, small shift')
    add_counts('zero-count-ignored', {'a': 10, 'b': 5, 'z': 0}, {'a': 7, 'b': 8, 'z': 0}, 'a category counted 0 on both sides is left out')
    return cases


# ---------------------------------------------------------------- special functions and p-values

def kolmogorov_grid():
    rows = []
    sizes = [1, 2, 3, 5, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 5000, 10000, 50000, 100000, 100001, 500000]
    for n in sizes:
        xs = {0.3 / n, 0.75 / n, 1 / n, (n - 1) / n if n > 2 else 0.9, 0.5, 0.6, 0.95}
        for nxx in [0.05, 0.2, 0.5, 0.754, 0.76, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01, 6.0, 10.0, 17.9, 18.1, 50.0, 200.0, 369.0]:
            xs.add(math.sqrt(nxx / n))
        if n > 140:
            xs.add((1.4 / n) ** (2 / 3) * 0.98)
            xs.add((1.4 / n) ** (2 / 3) * 1.02)
        for x in sorted(xs):
            if 0 < x < 1:
                rows.append({'n': n, 'x': x, 'sf': float(stats.kstwo.sf(x, n)), 'smirnov': float(special.smirnov(n, x))})
    return rows


def chi2_grid():
    rows = []
    for dof in [1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 299, 500, 1000, 5000, 20000]:
        xs = {1e-6, 0.5, 3.841458820694124, 100.0, 500.0}
        for f in [0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0, 3.0, 5.0]:
            xs.add(dof * f)
        for x in sorted(xs):
            sf = float(stats.chi2.sf(x, dof))
            if sf > 1e-300:
                rows.append({'x': x, 'dof': dof, 'sf': sf})
    return rows


def exact_inside_fraction(n, m, h):
    """P(D >= h/lcm) exactly, by counting the merge paths that stay strictly inside the band (Python integers)."""
    g = math.gcd(n, m)
    a, b = m // g, n // g
    prev = None
    for i in range(n + 1):
        row = [0] * (m + 1)
        for j in range(m + 1):
            if abs(i * a - j * b) >= h:
                continue
            if i == 0 and j == 0:
                row[j] = 1
                continue
            row[j] = (prev[j] if prev is not None else 0) + (row[j - 1] if j > 0 else 0)
        prev = row
    return 1 - Fraction(prev[m], math.comb(n + m, n))


def ks_exact_grid():
    rows = []
    pairs = [(1, 1), (1, 2), (2, 3), (3, 3), (5, 7), (10, 10), (10, 15), (37, 100), (150, 200), (200, 150), (64, 96),
             (500, 499), (1000, 1000), (1000, 3), (2000, 1999), (3000, 2000), (9973, 10000), (10000, 9999), (10000, 10000),
             (10000, 1), (1, 10000)]
    for n, m in pairs:
        g = math.gcd(n, m)
        lcm = n // g * m
        scale = math.sqrt((n + m) / (n * m))
        targets = sorted({1 / lcm, 0.5 * scale, scale, 1.5 * scale, 2 * scale, 3 * scale, 4 * scale, 5 * scale, 0.5, 0.9, 1.0})
        seen = set()
        for t in targets:
            h = max(1, min(lcm, round(t * lcm)))
            if h in seen:
                continue
            seen.add(h)
            d = h / lcm
            ok, d_out, p = _attempt_exact_2kssamp(n, m, g, d, 'two-sided')
            row = {'n': n, 'm': m, 'statistic': d, 'scipy': float(p), 'scipyOk': bool(ok)}
            cells = n * m * min(1.0, 2 * d)
            if n * m <= 2_000_000 and cells <= 400_000:
                row['exact'] = float(exact_inside_fraction(n, m, h))
            rows.append(row)
    return rows


# ---------------------------------------------------------------- Model Monitor statistics.json with KLL sketches

class KllSketch:
    """A KLL quantile sketch filled as Deequ's non-sampling one: compactor levels; a full level is sorted and every
    other item (random offset) moves up a level, so an item at level i stands for 2^i values; when a level's count
    is odd its largest item stays behind, so the total weight stays the number of values."""

    def __init__(self, rng, k=2048, c=0.64):
        self.rng, self.k, self.c = rng, k, c
        self.levels = [[]]

    def capacity(self, level):
        depth = len(self.levels) - level - 1
        return max(2, int(math.ceil(self.k * self.c ** depth)))

    def update(self, x):
        self.levels[0].append(float(x))
        level = 0
        while level < len(self.levels) and len(self.levels[level]) >= self.capacity(level):
            self.compact(level)
            level += 1

    def compact(self, level):
        items = sorted(self.levels[level])
        keep = []
        if len(items) % 2 == 1:
            keep = [items.pop()]
        offset = int(self.rng.integers(0, 2))
        if level + 1 == len(self.levels):
            self.levels.append([])
        self.levels[level + 1].extend(items[offset::2])
        self.levels[level] = keep

    def weighted(self):
        values, weights = [], []
        for level, items in enumerate(self.levels):
            values.extend(items)
            weights.extend([2 ** level] * len(items))
        return np.array(values), np.array(weights, dtype=np.int64)


def numeric_feature(name, inferred, values, rng):
    values = np.asarray(values, dtype=np.float64)
    sketch = KllSketch(rng)
    for v in values:
        sketch.update(v)
    items, weights = sketch.weighted()
    order = np.argsort(items, kind='stable')
    sorted_items, cum = items[order], np.cumsum(weights[order])
    lo, hi = float(values.min()), float(values.max())
    width = (hi - lo) / 10
    buckets = []
    for b in range(10):
        lower, upper = lo + b * width, (hi if b == 9 else lo + (b + 1) * width)
        rank_upper = cum[np.searchsorted(sorted_items, upper, side='right') - 1] if upper >= sorted_items[0] else 0
        rank_lower = cum[np.searchsorted(sorted_items, lower, side='left') - 1] if lower > sorted_items[0] else 0
        buckets.append({'lower_bound': lower, 'upper_bound': upper, 'count': float(rank_upper - rank_lower)})
    return {
        'name': name,
        'inferred_type': inferred,
        'numerical_statistics': {
            'common': {'num_present': int(len(values)), 'num_missing': 0},
            'mean': float(values.mean()), 'sum': float(values.sum()), 'std_dev': float(values.std()),
            'min': lo, 'max': hi,
            'distribution': {'kll': {'buckets': buckets, 'sketch': {
                'parameters': {'c': 0.64, 'k': 2048.0},
                'data': [[float(v) for v in level] for level in sketch.levels]}}},
        },
    }


def string_feature(name, values):
    counts = counts_of([str(v) for v in values])
    return {
        'name': name,
        'inferred_type': 'String',
        'string_statistics': {
            'common': {'num_present': len(values), 'num_missing': 0},
            'distinct_count': float(len(counts)),
            'distribution': {'categorical': {'buckets': [{'value': k, 'count': v} for k, v in counts.items()]}},
        },
    }


def statistics_file(features, rows):
    return {'version': 0.0, 'dataset': {'item_count': rows}, 'features': features}


def sketch_sample(feature):
    data = feature['numerical_statistics']['distribution']['kll']['sketch']['data']
    values = np.concatenate([np.array(level, dtype=np.float64) for level in data if level] or [np.array([])])
    weights = np.concatenate([np.full(len(level), 2 ** i, dtype=np.int64) for i, level in enumerate(data) if level])
    return np.repeat(values, weights), values, weights


def bucket_counts(feature):
    out = {}
    for b in feature['string_statistics']['distribution']['categorical']['buckets']:
        out[str(b['value'])] = out.get(str(b['value']), 0) + b['count']
    return out


def statistics_expected(baseline, run):
    current = {f['name']: f for f in run['features']}
    out = []
    for f in baseline['features']:
        g = current.get(f['name'])
        if g is None or ('numerical_statistics' in f) != ('numerical_statistics' in g):
            out.append({'name': f['name'], 'skipped': True})
            continue
        if 'numerical_statistics' in f:
            ref, ref_items, ref_w = sketch_sample(f)
            cur, cur_items, cur_w = sketch_sample(g)
            e = numeric_expected(ref, cur)
            # The weighted form SciPy offers gives the same distance as the expanded samples.
            weighted = float(stats.wasserstein_distance(ref_items, cur_items, ref_w, cur_w))
            assert math.isclose(weighted, e['wasserstein'], rel_tol=1e-9), (weighted, e['wasserstein'])
            out.append({'name': f['name'], 'type': 'numerical', 'referenceSize': int(len(ref)), 'currentSize': int(len(cur)), **e})
        else:
            out.append({'name': f['name'], 'type': 'categorical', **categorical_expected(bucket_counts(f), bucket_counts(g))})
    return out


def model_monitor_files():
    rng = np.random.default_rng(20261203)
    sketch_rng = np.random.default_rng(7)

    def dataset(rows, shift=0.0, spread=1.0, new_country=False, plans=(0.6, 0.3, 0.1)):
        age = np.clip(np.round(rng.normal(38 + 4 * shift, 11, rows)), 18, 90)
        balance = np.round(rng.lognormal(7 + 0.5 * shift, 0.9 * spread, rows), 2)
        seconds = np.round(rng.gamma(2.0, 45.0 * (1 + shift), rows), 1)
        countries = ['DE', 'FR', 'NL', 'ES', 'IT']
        p = [0.35, 0.25, 0.15, 0.15, 0.10]
        if new_country:
            countries, p = countries + ['PL'], [0.30, 0.22, 0.13, 0.13, 0.09, 0.13]
        country = rng.choice(countries, rows, p=p)
        plan = rng.choice(['free', 'pro', 'team'], rows, p=list(plans))
        return age, balance, seconds, country, plan

    def build(rows, **kw):
        age, balance, seconds, country, plan = dataset(rows, **kw)
        return statistics_file([
            numeric_feature('age', 'Integral', age, sketch_rng),
            numeric_feature('account_balance', 'Fractional', balance, sketch_rng),
            numeric_feature('session_seconds', 'Fractional', seconds, sketch_rng),
            string_feature('country', country),
            string_feature('plan', plan),
        ], rows)

    baseline = build(12000)
    steady = build(3000)
    drifted = build(3500, shift=0.6, spread=1.3, new_country=True, plans=(0.4, 0.4, 0.2))
    changed = build(2500)
    changed['features'] = [f for f in changed['features'] if f['name'] != 'plan']
    changed['features'].append(string_feature('referrer', rng.choice(['ads', 'organic'], 2500)))
    for f in changed['features']:
        if f['name'] == 'age':
            f.pop('numerical_statistics')
            f['inferred_type'] = 'String'
            f['string_statistics'] = string_feature('age', rng.integers(18, 90, 2500))['string_statistics']
    files = {'baseline': baseline, 'run-steady': steady, 'run-drifted': drifted, 'run-schema-changed': changed}
    folder = os.path.join(HERE, 'model-monitor')
    os.makedirs(folder, exist_ok=True)
    for name, payload in files.items():
        os.makedirs(os.path.join(folder, name), exist_ok=True)
        with open(os.path.join(folder, name, 'statistics.json'), 'w') as f:
            json.dump(payload, f, indent=2)
            f.write('\n')
    return {name: statistics_expected(baseline, files[name]) for name in ['run-steady', 'run-drifted', 'run-schema-changed']}


def main():
    write('numeric.json', {'cases': numeric_cases()})
    write('categorical.json', {'cases': categorical_cases()})
    write('kolmogorov.json', {'rows': kolmogorov_grid()})
    write('chi-square.json', {'rows': chi2_grid()})
    write('ks-exact.json', {'rows': ks_exact_grid()})
    write('model-monitor.json', {'alpha': ALPHA, 'runs': model_monitor_files()})


if __name__ == '__main__':
    main()
