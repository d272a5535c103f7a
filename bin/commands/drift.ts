import { readFile } from 'node:fs/promises';
import type { CategoryCounts, ComparisonMethod, KsMethod } from '../../shared/drift';
import {
  categoryCounts,
  compareCategorical,
  compareNumeric,
  compareStatisticsFiles,
  DriftError,
  numericSample,
  parseStatisticsFile,
} from '../../shared/drift';
import { driftHistoryCommand, HISTORY_USAGE } from './driftHistory';
import type { RawSample } from './driftInput';
import { readSample, SampleInputError } from './driftInput';
import type { Command } from './types';

const USAGE = `usage: vigil drift --reference FILE --current FILE [--type numerical|categorical] [--column NAME]
                   [--alpha A] [--ks-method auto|exact|asymp]
       vigil drift --reference-stats BASELINE/statistics.json --current-stats RUN/statistics.json
                   [--alpha A] [--comparison-method simple|robust] [--threshold T] [--drift-share S]

Drift statistics between a reference sample and a current one, as SciPy computes them (docs/drift.md).

Samples: a JSON array of values, a JSON object {"values": [...]}, or a CSV file with a header line
(--column NAME picks the column of a CSV file; a one-column file needs none); "-" reads stdin. Files are read as a
stream. null and empty cells are missing values: dropped and counted. NaN or Infinity in a numeric
sample is an error. The type is numerical unless a value is not a number (--type forces it).
  numerical:   ks {statistic, pValue, method}, psi, jensenShannon, hellinger, wasserstein,
               wassersteinNormed, baselineDistance {simple, robust}
  categorical: chiSquare (contingency) and chiSquareGoodnessOfFit {statistic, pValue, degreesOfFreedom},
               psi, jensenShannon, hellinger, baselineDistance {simple, robust}

Model Monitor statistics.json files: every feature of the baseline compared with the run's (numeric
features from their KLL sketches, string features from their value counts), printed as
{"comparison", "features": [{"name", "type", "drift", "baselineDistance": {"simple", "robust"}, ...}],
"dataset": {"features", "drifted", "share", "drift"}}. A feature drifts when its baseline distance
(--comparison-method, default simple) exceeds --threshold (default 0.1, Model Monitor's); the dataset
drifts when at least --drift-share of the compared features do (default 0.5).

Options:
  --alpha A            significance level of the robust distance: c = sqrt(-ln(A/2)/2) (default c = 1.8)
  --ks-method M        KS p-value: auto (exact up to 10 000 values in the larger sample), exact, asymp
Non-finite numbers in the output are the strings "inf", "-inf" and "nan".

Exit codes: 0 done, 2 unusable arguments or input (the reason on stderr).
`;

/** Arguments or input that cannot be used: reported on stderr with exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = [
  'reference',
  'current',
  'type',
  'column',
  'alpha',
  'ks-method',
  'reference-stats',
  'current-stats',
  'comparison-method',
  'threshold',
  'drift-share',
] as const;
type Option = (typeof OPTIONS)[number];

export const driftCommand: Command = {
  summary: 'drift statistics between two samples or two Model Monitor statistics.json files',

  async run(argv: string[]): Promise<number> {
    if (argv[0] === 'history') return driftHistoryCommand(argv.slice(1));
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${USAGE}\n${HISTORY_USAGE}`);
      return 0;
    }
    try {
      const options = parseArguments(argv);
      const result = options['reference-stats'] !== undefined ? await compareStatistics(options) : await compareSamples(options);
      process.stdout.write(`${JSON.stringify(result, jsonNumbers, 2)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof SampleInputError || error instanceof DriftError)) throw error;
      process.stderr.write(`vigil drift: ${error.message}\n`);
      return 2;
    }
  },
};

function parseArguments(argv: readonly string[]): Partial<Record<Option, string>> {
  const options: Partial<Record<Option, string>> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"\n\n${USAGE}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(OPTIONS as readonly string[]).includes(name)) throw new UsageError(`unknown option "--${name}"\n\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (options[name as Option] !== undefined) throw new UsageError(`--${name} is given twice`);
    options[name as Option] = value;
  }
  const statsForm = options['reference-stats'] !== undefined || options['current-stats'] !== undefined;
  const sampleForm = options.reference !== undefined || options.current !== undefined;
  if (statsForm && sampleForm) throw new UsageError('give either --reference/--current or --reference-stats/--current-stats, not both');
  if (statsForm) {
    if (options['reference-stats'] === undefined || options['current-stats'] === undefined) {
      throw new UsageError('--reference-stats and --current-stats go together');
    }
    for (const name of ['type', 'column', 'ks-method'] as const) {
      if (options[name] !== undefined) throw new UsageError(`--${name} applies to samples, not to statistics.json files`);
    }
  } else {
    if (options.reference === undefined || options.current === undefined) {
      throw new UsageError(`--reference FILE and --current FILE are required\n\n${USAGE}`);
    }
    for (const name of ['comparison-method', 'threshold', 'drift-share'] as const) {
      if (options[name] !== undefined) throw new UsageError(`--${name} applies to statistics.json files, not to samples`);
    }
  }
  return options;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

function numberOption(value: string | undefined, name: string, valid: (x: number) => boolean, range: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !valid(x)) throw new UsageError(`--${name} must be a number ${range}, not "${value}"`);
  return x;
}

function alphaOption(options: Partial<Record<Option, string>>): number | undefined {
  return numberOption(options.alpha, 'alpha', (x) => x > 0 && x < 1, 'in (0, 1)');
}

async function compareSamples(options: Partial<Record<Option, string>>) {
  const type = oneOf(options.type, ['numerical', 'categorical'] as const, 'type');
  const ksMethod = oneOf<KsMethod>(options['ks-method'], ['auto', 'exact', 'asymp'], 'ks-method');
  const alpha = alphaOption(options);
  if (options.reference === '-' && options.current === '-') throw new UsageError('only one of the samples can be read from stdin');
  const reference = await readSample(options.reference!, options.column);
  const current = await readSample(options.current!, options.column);
  if (options.column !== undefined && reference.format === 'json' && current.format === 'json') {
    throw new UsageError('--column picks a CSV column, and both files are JSON');
  }
  const resolved = type ?? (reference.labels.length > 0 || current.labels.length > 0 ? inferredType(reference, current) : 'numerical');
  const describe = (s: RawSample) => ({ file: s.file, count: s.numbers.length + s.labels.length, missing: s.missing });
  if (resolved === 'categorical') {
    const result = compareCategorical(asCategories(reference), asCategories(current), { alpha });
    return { type: 'categorical', reference: describe(reference), current: describe(current), ...withoutType(result) };
  }
  const result = compareNumeric(asNumbers(reference, 'reference'), asNumbers(current, 'current'), { alpha, ksMethod });
  return { type: 'numerical', reference: describe(reference), current: describe(current), ...withoutType(result) };
}

/** Labels make a sample categorical, unless the only ones are NaN/Infinity in otherwise numeric data (an error then). */
function inferredType(reference: RawSample, current: RawSample): 'numerical' | 'categorical' {
  const realLabels = (s: RawSample) => s.firstLabel !== undefined;
  return realLabels(reference) || realLabels(current) ? 'categorical' : 'numerical';
}

function asNumbers(sample: RawSample, label: string) {
  if (sample.nonFinite) {
    throw new UsageError(`${sample.nonFinite.where} is ${sample.nonFinite.text}: a numeric sample must hold finite numbers only`);
  }
  if (sample.firstLabel) {
    throw new UsageError(`${sample.firstLabel.where} is "${sample.firstLabel.text}", not a number (the sample was read as numerical)`);
  }
  if (sample.numbers.length === 0) throw new UsageError(`${sample.file}: the ${label} sample holds no value${missingNote(sample)}`);
  return numericSample(sample.numbers, `${label} (${sample.file})`);
}

function asCategories(sample: RawSample): CategoryCounts {
  if (sample.numbers.length + sample.labels.length === 0) {
    throw new UsageError(`${sample.file}: the sample holds no value${missingNote(sample)}`);
  }
  const counts = categoryCounts(sample.labels);
  for (const n of sample.numbers) {
    const key = String(n);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function missingNote(sample: RawSample): string {
  return sample.missing > 0 ? ` (${sample.missing} missing)` : '';
}

/** The comparison without the fields the sample descriptions already give. */
function withoutType<T extends { type: string; referenceSize: number; currentSize: number }>(
  result: T,
): Omit<T, 'type' | 'referenceSize' | 'currentSize'> {
  const { type: _type, referenceSize: _n, currentSize: _m, ...rest } = result;
  return rest;
}

async function compareStatistics(options: Partial<Record<Option, string>>) {
  const alpha = alphaOption(options);
  const method = oneOf<ComparisonMethod>(options['comparison-method'], ['simple', 'robust'], 'comparison-method');
  const threshold = numberOption(options.threshold, 'threshold', (x) => x >= 0, '≥ 0');
  const driftShare = numberOption(options['drift-share'], 'drift-share', (x) => x > 0 && x <= 1, 'in (0, 1]');
  const baseline = await readStatistics(options['reference-stats']!);
  const run = await readStatistics(options['current-stats']!);
  return compareStatisticsFiles(baseline, run, { alpha, method, threshold, driftShare });
}

async function readStatistics(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, not a statistics.json`);
    throw new UsageError(`${file}: cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseStatisticsFile(value, file);
}

/** JSON has no NaN or Infinity: they are written as "nan", "inf", "-inf". */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}
