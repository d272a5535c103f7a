import { readFile } from 'node:fs/promises';
import { DriftError } from '../../shared/drift';
import { checkMonitoringRun, ModelCheckError, type NamedDocument } from '../../shared/modelMonitor/check';
import type { Command } from './types';

const USAGE = `usage: vigil model check --statistics RUN/statistics.json --constraints BASELINE/constraints.json
                         [--baseline-statistics BASELINE/statistics.json]

Evaluates a SageMaker Model Monitor run's statistics against its baseline's constraints, as the monitoring
container does, and prints the violations in constraint_violations.json form: {"violations": [...]}.

Data quality (constraints with "features"): data_type_check, completeness_check, categorical_values_check,
baseline_drift_check (needs --baseline-statistics: the distance is recomputed from both statistics.json files,
with the constraints' comparison_threshold and comparison_method Simple or Robust), missing_column_check and
extra_column_check; each {"feature_name", "constraint_check_type", "description"}. The constraints'
monitoring_config and each feature's monitoringConfigOverrides set the thresholds (docs/drift.md, section 5).
Model quality (constraints with regression_, binary_classification_ or multiclass_classification_constraints,
statistics with the matching _metrics): each metric against its threshold and comparison operator
(GreaterThanThreshold, LessThanThreshold, ...); each {"metric_name", "constraint_check_type", "description"}.

What could not be evaluated (no baseline statistics, a metric the run lacks, ...) is said on stderr.
Exit codes: 0 checked (with or without violations), 2 unusable arguments or files (the reason on stderr).
`;

/** Arguments or files that cannot be used: reported on stderr with exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = ['statistics', 'constraints', 'baseline-statistics'] as const;
type Option = (typeof OPTIONS)[number];

export const modelCommand: Command = {
  summary: 'check a Model Monitor run against its baseline constraints (vigil model check)',

  async run(argv: string[]): Promise<number> {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv.slice(1).some((a) => a === '--help' || a === '-h')) {
      process.stdout.write(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    try {
      const [sub, ...rest] = argv;
      if (sub !== 'check') throw new UsageError(`unknown sub-command "${sub}"\n\n${USAGE}`);
      const options = parseArguments(rest);
      const report = checkMonitoringRun({
        statistics: await readJson(options.statistics!, 'statistics'),
        constraints: await readJson(options.constraints!, 'constraints'),
        baselineStatistics:
          options['baseline-statistics'] === undefined ? undefined : await readJson(options['baseline-statistics'], 'baseline statistics'),
      });
      for (const note of report.notes) process.stderr.write(`vigil model check: note: ${note}\n`);
      process.stdout.write(`${JSON.stringify({ violations: report.violations }, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof ModelCheckError || error instanceof DriftError)) throw error;
      process.stderr.write(`vigil model check: ${error.message}\n`);
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
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a file`);
    if (options[name as Option] !== undefined) throw new UsageError(`--${name} is given twice`);
    options[name as Option] = value;
  }
  for (const name of ['statistics', 'constraints'] as const) {
    if (options[name] === undefined) throw new UsageError(`--${name} FILE is required\n\n${USAGE}`);
  }
  return options;
}

/** The file parsed as JSON, or a UsageError naming it and saying what is wrong. */
async function readJson(file: string, role: string): Promise<NamedDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file (the ${role})`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, not a JSON file (the ${role})`);
    throw new UsageError(`${file}: cannot be read (${(error as Error).message})`);
  }
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')), source: file };
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}
