import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { driftHistoryTableName, openLocalDriftHistory } from '../../infra/local/driftHistory';
import { ReplayError } from '../../infra/local/replay/errors';
import { DynamoDriftHistoryStore, driftTrend, type DriftHistoryStore, type DriftTrendRow } from '../../shared/modelMonitor/history';

export const HISTORY_USAGE = `usage: vigil drift history --model NAME [--feature F] [--from T] [--to T] [--json]
                           (--data-dir DIR [--stage S] | --stage S --region R [--endpoint-url U])

The drift trend of a model (its endpoint name): every run's baseline distance per feature, oldest run
first, as the model-monitor function stored it (a table; --json prints the rows).
  --data-dir DIR     the state a \`vigil replay --data-dir DIR\` kept (stage "local" unless --stage)
  --stage S          a deployed stage (table vigil-<S>-detection-state) with --region R
  --from, --to T     ISO times bounding the runs' data windows
Exit codes: 0 done (also with no row), 1 the state cannot be read, 2 unusable arguments.
`;

class HistoryUsageError extends Error {
  override readonly name = 'HistoryUsageError';
}

/** `vigil drift history`: the same query (shared/modelMonitor/history/driftTrend.ts) on a data dir or a stage. */
export async function driftHistoryCommand(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        feature: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        stage: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
    if (values.help) {
      process.stdout.write(HISTORY_USAGE);
      return 0;
    }
    if (!values.model) throw new HistoryUsageError('--model NAME is required');
    for (const name of ['from', 'to'] as const) {
      if (values[name] !== undefined && !Number.isFinite(Date.parse(values[name]!))) throw new HistoryUsageError(`--${name} is not a time`);
    }
    if ((values['data-dir'] === undefined) === (values.region === undefined)) {
      throw new HistoryUsageError('give either --data-dir DIR or --stage S --region R');
    }
    if (values.region !== undefined && values.stage === undefined) throw new HistoryUsageError('--region goes with --stage');
    if (values.stage !== undefined && !/^[a-z0-9-]+$/.test(values.stage))
      throw new HistoryUsageError(`--stage "${values.stage}" is not a stage name`);
  } catch (error) {
    process.stderr.write(`vigil drift history: ${(error as Error).message}\n\n${HISTORY_USAGE}`);
    return 2;
  }
  const query = {
    feature: values.feature,
    from: values.from === undefined ? undefined : new Date(values.from).toISOString(),
    to: values.to === undefined ? undefined : new Date(values.to).toISOString(),
  };
  let store: DriftHistoryStore;
  let close = async (): Promise<void> => {};
  try {
    if (values['data-dir'] !== undefined) {
      const opened = await openLocalDriftHistory(values['data-dir'], values.stage ?? 'local');
      store = opened.store;
      close = opened.close;
    } else {
      const endpoint = values['endpoint-url'];
      const client = new DynamoDBClient({ region: values.region, ...(endpoint ? { endpoint } : {}) });
      store = new DynamoDriftHistoryStore(DynamoDBDocumentClient.from(client), driftHistoryTableName(values.stage!));
      close = async () => client.destroy();
    }
    const rows = await driftTrend(store, values.model, query);
    process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : trendTable(values.model, rows));
    return 0;
  } catch (error) {
    if (error instanceof ReplayError || (error as Error).name === 'ResourceNotFoundException') {
      process.stderr.write(`vigil drift history: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

/** The trend as a table: one line per run and feature, the score marked when over the run's threshold. */
export function trendTable(model: string, rows: readonly DriftTrendRow[]): string {
  if (rows.length === 0) return `no drift history for model ${model}\n`;
  const header = ['run time', 'feature', 'type', 'method', 'score', 'threshold', 'over', 'run'];
  const body = rows.map((r) => [
    r.runTime,
    r.feature,
    r.type,
    r.method,
    r.score.toFixed(4),
    String(r.threshold),
    r.overThreshold ? '*' : '',
    r.job,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  return [`drift history of ${model} (${rows.length} row(s))\n`, line(header), ...body.map(line)].join('');
}
