import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constraintsJson, type FeatureSpec, normal, seeded, statisticsJson, violationsJson } from './modelMonitorReports';

/*
 * Writes the report files of events/s3/ (what `npm start` serves on the embedded S3):
 * `npx tsx tests/helpers/writeModelMonitorSamples.ts && npx biome format --write events/s3`. The same files every time (seeded).
 */
const ROOT = join(__dirname, '..', '..', 'events', 's3', 'vigil-model-monitor-111122223333');
const CATEGORIES = ['grocery', 'travel', 'electronics', 'gaming', 'other'];

function fraudFeatures(seed: number, n: number, shift: { amount: number; gaming: number; missingCategory: number }): FeatureSpec[] {
  const random = seeded(seed);
  const pick = (weights: number[]) => {
    let u = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return CATEGORIES[i]!;
    return CATEGORIES.at(-1)!;
  };
  const weights = [0.4, 0.15, 0.2, 0.1 + shift.gaming, 0.15];
  const categories = Array.from({ length: n - shift.missingCategory }, () => pick(weights));
  return [
    {
      name: 'transaction_amount',
      type: 'Fractional',
      values: Array.from({ length: n }, () => Math.round(Math.exp(normal(random, 3.6 + shift.amount, 0.9)) * 100) / 100),
    },
    {
      name: 'account_age_days',
      type: 'Integral',
      values: Array.from({ length: n }, () => Math.max(0, Math.round(normal(random, 700, 300)))),
    },
    { name: 'merchant_category', type: 'String', values: categories, missing: shift.missingCategory },
    { name: 'hour_of_day', type: 'Integral', values: Array.from({ length: n }, () => Math.floor(random() * 24)) },
  ];
}

function write(key: string, value: unknown): void {
  const path = join(ROOT, key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
}

const baseline = fraudFeatures(1, 20_000, { amount: 0, gaming: 0, missingCategory: 0 });
write('baselines/fraud-scorer-prod/2026-11-02/statistics.json', statisticsJson(baseline));
write('baselines/fraud-scorer-prod/2026-11-02/constraints.json', constraintsJson(baseline));

// 12:00 run: the morning's traffic looks like the baseline.
const noon = 'reports/fraud-scorer-prod/fraud-scorer-data-quality-hourly/2026/11/20/12';
write(`${noon}/statistics.json`, statisticsJson(fraudFeatures(2, 1_800, { amount: 0.02, gaming: 0, missingCategory: 0 })));
write(`${noon}/constraint_violations.json`, violationsJson([]));

// 13:00 run: a promotion on gaming gift cards: larger amounts, more gaming, a client release that drops the category now and then.
const one = 'reports/fraud-scorer-prod/fraud-scorer-data-quality-hourly/2026/11/20/13';
write(`${one}/statistics.json`, statisticsJson(fraudFeatures(3, 2_100, { amount: 0.55, gaming: 0.25, missingCategory: 84 })));
write(
  `${one}/constraint_violations.json`,
  violationsJson([
    {
      feature_name: 'transaction_amount',
      constraint_check_type: 'baseline_drift_check',
      description: 'Numerical distance: 0.2343 exceeds numerical threshold: 0.1',
    },
    {
      feature_name: 'merchant_category',
      constraint_check_type: 'baseline_drift_check',
      description: 'Categorical distance: 0.1876 exceeds categorical threshold: 0.1',
    },
    {
      feature_name: 'merchant_category',
      constraint_check_type: 'completeness_check',
      description: 'Data completeness requirement is not met. Expected completeness: 100.0%. Observed: Only 96.0% of data is complete.',
    },
  ]),
);

// The model-quality schedule (ground truth merged a day late): AUC under its constraint. Its statistics.json (the job's
// binary_classification_metrics, {value, standard_deviation} each) and the baseline's constraints.json give the finding its numbers.
const quality = 'reports/fraud-scorer-prod/fraud-scorer-model-quality-daily/2026/11/20/14';
const metric = (value: number, standard_deviation: number | 'NaN') => ({ value, standard_deviation });
write('baselines/fraud-scorer-prod/model-quality/2026-11-02/constraints.json', {
  version: 0.0,
  binary_classification_constraints: {
    recall: { threshold: 0.55, comparison_operator: 'LessThanThreshold' },
    precision: { threshold: 0.55, comparison_operator: 'LessThanThreshold' },
    f1: { threshold: 0.58, comparison_operator: 'LessThanThreshold' },
    auc: { threshold: 0.85, comparison_operator: 'LessThanThreshold' },
    false_positive_rate: { threshold: 0.05, comparison_operator: 'GreaterThanThreshold' },
  },
});
write(`${quality}/statistics.json`, {
  version: 0.0,
  dataset: { item_count: 4_812, evaluation_time: '2026-11-20T14:17:52.114Z' },
  binary_classification_metrics: {
    confusion_matrix: { '0': { '0': 4_391, '1': 127 }, '1': { '0': 118, '1': 176 } },
    recall: metric(0.5986, 0.0221),
    precision: metric(0.5809, 0.0187),
    accuracy: metric(0.9491, 0.0032),
    true_positive_rate: metric(0.5986, 0.0221),
    false_positive_rate: metric(0.0281, 0.0024),
    f1: metric(0.5896, 0.0169),
    auc: metric(0.7912, 0.0113),
  },
});
write(
  `${quality}/constraint_violations.json`,
  violationsJson([
    {
      metric_name: 'auc',
      constraint_check_type: 'LessThanThreshold',
      description: 'Metric auc with 0.7912 was LessThanThreshold 0.85',
    },
  ]),
);
