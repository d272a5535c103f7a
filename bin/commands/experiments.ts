import { parseArgs } from 'node:util';
import { ReplayError, ReplayInputError } from '../../infra/local/replay';
import {
  type Allocation,
  ExperimentAnalysis,
  type ExperimentConfig,
  ExperimentError,
  type ExperimentResult,
  experimentObservation,
  sampleRatioOccurrence,
  SRM_P_THRESHOLD,
  type TelemetryRecord,
  type TelemetryRecordSource,
} from '../../shared/telemetry/experiments';
import { STORE_OPTIONS, STORE_USAGE, type StoreValues, storeOf, storedTelemetryEvents } from './storedTelemetry';
import { type CaptureTally, emptyCaptureTally, storedEventsFromCaptures } from './telemetryCaptures';
import { TelemetryCliUsageError } from './telemetryTarget';
import type { Command } from './types';

const USAGE = `usage: vigil experiments [--json] (--input FILE... | --data-dir DIR | --stage S --region R)
                         [--experiment KEY] [--control VARIANT]
                         [--allocation KEY=VARIANT:WEIGHT,VARIANT:WEIGHT...]

A/B results from the experiment_exposure and experiment_conversion events of telemetry captures
(files or directories of "App Telemetry Batch" events, JSON or JSON Lines, .gz allowed), each batch
checked against the telemetry spec as ingest checks it (what it refuses is counted, not analysed), or
from the telemetry store (--data-dir, --stage): the events app-telemetry accepted and kept.

Per experiment and variant: the units exposed (distinct per assignment unit, in the variant of their
first exposure); per goal, the units that converted (once, at or after their first exposure), the
conversion rate and, against the control, the difference with its 95% confidence interval (unpooled
standard error) and the p-value of the two-sided two-proportion z-test (pooled standard error). The
sample-ratio check compares the exposed units with the allocation (chi-square goodness of fit); p < ${SRM_P_THRESHOLD}
raises experiment-sample-ratio-mismatch (docs/runbooks/experiment-sample-ratio-mismatch.md).

options:
  --input FILE        a capture file or directory (repeatable; several files may follow one --input)
${STORE_USAGE}
  --experiment KEY    only this experiment (repeatable)
  --control VARIANT   the variant the others are compared with (default: control, else the first by name)
  --allocation A      KEY=VARIANT:WEIGHT,... the configured split of experiment KEY (repeatable; default equal)
  --json              {"input": {"batches", "events": {"accepted", "quarantined"}, "skipped", "reasons"},
                      "experiments": [{"experimentKey", "control", "variants": [{"variant", "exposedUnits"}],
                      "sampleRatio": {"checked", "statistic", "pValue", "degreesOfFreedom", "expected", "mismatch"},
                      "goals": [{"goal", "variants": [{"variant", "units", "conversions", "rate",
                      "vsControl": {"difference", "relativeLift", "z", "pValue", "ci95": {"low", "high"}}}]}],
                      "crossoverUnits", "ignored": {"beforeExposure", "withoutExposure", "withoutUnit"},
                      "lastExposure"}], "findings": [{"detection", "severity", "subject", "title", "evidence"}]}
  -h, --help          this help

Exit codes: 0 done (whatever the results), 2 unusable arguments or input (the reason on stderr).
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Options {
  inputs: string[];
  /** --data-dir / --stage: the telemetry store instead of captures. */
  store: StoreValues | undefined;
  experiments: Set<string> | undefined;
  control: string | undefined;
  allocations: Map<string, Allocation>;
  json: boolean;
}

export const experimentsCommand: Command = {
  summary: 'A/B results and the sample-ratio check from telemetry captures',
  async run(argv) {
    let options: Options;
    try {
      options = parseOptions(argv);
    } catch (error) {
      if (
        error instanceof UsageError ||
        error instanceof TelemetryCliUsageError ||
        (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ) {
        process.stderr.write(`vigil experiments: ${(error as Error).message}\n\n${USAGE}`);
        return 2;
      }
      throw error;
    }
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    try {
      const tally = emptyCaptureTally();
      const records = options.store
        ? counted(storedTelemetryEvents(options.store, { names: EXPERIMENT_EVENTS }), tally)
        : storedEventsFromCaptures(options.inputs, tally);
      const results = await analyseExperiments(records, options);
      const findings = results.flatMap((r) => {
        const occurrence = srmOccurrence(r);
        return occurrence ? [occurrence] : [];
      });
      const stats = inputOf(tally);
      if (options.json) process.stdout.write(`${JSON.stringify({ input: stats, experiments: results, findings }, jsonNumbers, 2)}\n`);
      else process.stdout.write(renderText(stats, results, findings, options.store !== undefined));
      return 0;
    } catch (error) {
      if (!(error instanceof ReplayInputError || error instanceof ReplayError || error instanceof ExperimentError)) throw error;
      process.stderr.write(`vigil experiments: ${error.message}\n`);
      return 2;
    }
  },
};

/** The events an A/B analysis reads from the store. */
const EXPERIMENT_EVENTS = ['experiment_exposure', 'experiment_conversion'];

/** The store's records, counted as accepted as they are read (the store holds only accepted events). */
async function* counted(records: AsyncIterable<TelemetryRecord>, tally: CaptureTally): AsyncGenerator<TelemetryRecord> {
  for await (const record of records) {
    tally.accepted += 1;
    yield record;
  }
}

/** What the output's `input` says of the reading (--json's documented shape). */
interface InputStats {
  batches: number;
  events: { accepted: number; quarantined: number };
  /** Items that are not telemetry batches: other events, unreadable records. */
  skipped: number;
  reasons: string[];
}

function inputOf(tally: CaptureTally): InputStats {
  const { batches, accepted, quarantined, unreadable, other, reasons } = tally;
  return { batches, events: { accepted, quarantined }, skipped: unreadable + other, reasons };
}

/** The analysis over any source of records (captures today; the telemetry store of a data dir or a stage later). */
export async function analyseExperiments(
  source: TelemetryRecordSource,
  options: Pick<Options, 'experiments' | 'control' | 'allocations'>,
): Promise<ExperimentResult[]> {
  const analysis = new ExperimentAnalysis();
  for await (const record of source) {
    const observation = experimentObservation(record);
    if (observation && (!options.experiments || options.experiments.has(observation.experimentKey))) analysis.add(observation);
  }
  const config = (key: string): ExperimentConfig => ({ control: options.control, allocation: options.allocations.get(key) });
  return analysis.results(config);
}

function srmOccurrence(r: ExperimentResult) {
  if (!r.lastExposure) return undefined;
  const occurrence = sampleRatioOccurrence({
    experimentKey: r.experimentKey,
    exposed: new Map(r.variants.map((v) => [v.variant, v.exposedUnits])),
    check: r.sampleRatio,
    lastExposure: new Date(r.lastExposure.time),
    eventId: r.lastExposure.eventId,
    source: 'vigil.app',
    account: 'local',
    region: 'local',
  });
  return (
    occurrence && {
      detection: occurrence.detection,
      severity: occurrence.severity,
      subject: occurrence.subject,
      title: occurrence.title,
      evidence: occurrence.evidence,
    }
  );
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string', multiple: true },
      experiment: { type: 'string', multiple: true },
      control: { type: 'string' },
      allocation: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...STORE_OPTIONS,
    },
  });
  if (values.help) return { inputs: [], store: undefined, experiments: undefined, control: undefined, allocations: new Map(), json: false };
  // Files after an --input (a shell glob) are inputs too.
  const inputs = [...(values.input ?? [])];
  if (positionals.length > 0) {
    if (inputs.length === 0) throw new UsageError(`unexpected argument "${positionals[0]}" (inputs follow --input)`);
    inputs.push(...positionals);
  }
  const store = storeOf(values);
  if (store && inputs.length > 0) throw new UsageError('give --input FILE or a store (--data-dir, --stage), not both');
  if (!store && inputs.length === 0) throw new UsageError('--input FILE (or --data-dir DIR, or --stage S --region R) is required');
  const allocations = new Map<string, Allocation>();
  for (const spec of values.allocation ?? []) {
    const [key, split] = spec.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!key || !split) throw new UsageError(`--allocation "${spec}": expected KEY=VARIANT:WEIGHT,VARIANT:WEIGHT`);
    if (allocations.has(key)) throw new UsageError(`--allocation: experiment "${key}" is given twice`);
    const weights = new Map<string, number>();
    for (const part of split.split(',')) {
      const [variant, weight] = part.split(':');
      const w = Number(weight);
      if (!variant || weight === undefined || weight.trim() === '' || !Number.isFinite(w) || w <= 0) {
        throw new UsageError(`--allocation "${spec}": "${part}" is not VARIANT:WEIGHT with a positive weight`);
      }
      if (weights.has(variant)) throw new UsageError(`--allocation "${spec}": variant "${variant}" is given twice`);
      weights.set(variant, w);
    }
    if (weights.size < 2) throw new UsageError(`--allocation "${spec}": an experiment has at least two variants`);
    allocations.set(key, weights);
  }
  return {
    inputs,
    store,
    experiments: values.experiment ? new Set(values.experiment) : undefined,
    control: values.control,
    allocations,
    json: values.json ?? false,
  };
}

/** Infinity (a variant outside the allocation) as "inf" in JSON, as vigil drift writes it. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  return value;
}

const row = (variant: string, units: string, conversions: string, rate: string) =>
  `${variant.padEnd(20)} ${units.padStart(8)} ${conversions.padStart(8)} ${rate.padStart(8)}`;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}pp`;
const pValue = (p: number | null) => (p === null ? '-' : p < 0.0001 ? p.toExponential(2) : p.toFixed(4));

function renderText(
  stats: InputStats,
  results: readonly ExperimentResult[],
  findings: readonly { title: string }[],
  fromStore: boolean,
): string {
  const { accepted, quarantined } = stats.events;
  const lines = [
    // A store holds events ingest accepted, not batches: its count is all there is to say.
    fromStore
      ? `read ${accepted} stored telemetry events`
      : `read ${stats.batches} telemetry batches: ${accepted} events accepted, ${quarantined} refused by the spec` +
        (stats.skipped > 0 ? `, ${stats.skipped} other items skipped` : ''),
  ];
  if (results.length === 0) lines.push('no experiment events');
  for (const r of results) {
    lines.push('', `experiment ${r.experimentKey} (control: ${r.control})`);
    for (const v of r.variants) lines.push(`  ${v.variant.padEnd(20)} ${String(v.exposedUnits).padStart(8)} units exposed`);
    const srm = r.sampleRatio;
    lines.push(
      srm.checked
        ? `  sample ratio: chi-square ${srm.statistic.toFixed(3)}, dof ${srm.degreesOfFreedom}, p = ${pValue(srm.pValue)}: ` +
            (srm.mismatch ? `MISMATCH (p < ${SRM_P_THRESHOLD})` : 'ok')
        : '  sample ratio: too few units to check',
    );
    if (r.crossoverUnits > 0) lines.push(`  ${r.crossoverUnits} units saw more than one variant (counted in their first)`);
    const { beforeExposure, withoutExposure, withoutUnit } = r.ignored;
    if (beforeExposure + withoutExposure + withoutUnit > 0) {
      lines.push(
        `  not counted: ${beforeExposure} conversions before exposure, ${withoutExposure} without exposure, ` +
          `${withoutUnit} events without a unit id`,
      );
    }
    for (const g of r.goals) {
      lines.push(`  goal ${g.goal}`);
      lines.push(`    ${row('variant', 'units', 'conv', 'rate')}  ${'vs control (95% CI)'.padEnd(30)}p-value`);
      for (const v of g.variants) {
        const vs = v.vsControl;
        const compared = vs
          ? `${signedPct(vs.difference)} (${signedPct(vs.ci95.low)} to ${signedPct(vs.ci95.high)})`.padEnd(30) + pValue(vs.pValue)
          : v.variant === r.control
            ? 'control'
            : '-';
        lines.push(`    ${row(v.variant, String(v.units), String(v.conversions), pct(v.rate))}  ${compared}`);
      }
    }
  }
  for (const f of findings) lines.push('', `finding experiment-sample-ratio-mismatch: ${f.title}`);
  return `${lines.join('\n')}\n`;
}
