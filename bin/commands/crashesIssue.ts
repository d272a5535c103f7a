import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { detectionStateTableName, openLocalTable } from '../../infra/local/localTable';
import { ReplayError } from '../../infra/local/replay/errors';
import { LocalConfigError } from '../../infra/local/runtime/errors';
import { readLocalConfig } from '../../infra/local/runtime/localConfig';
import { type CrashIssue, CrashIssueNotFoundError, type CrashIssueStore, DynamoCrashIssueStore } from '../../shared/telemetry/crashes';

export type IssueAction = 'resolve' | 'ignore';

export const ISSUE_USAGE = `usage: vigil crashes (resolve | ignore) --group ID [--at TIME] [--json]
                     (--data-dir DIR [--config FILE] | --stage S --region R [--endpoint-url U])

Marks a known crash group (docs/crashes.md, "Issue state"), as the crash check recorded it when it first
saw the group (the group ids \`vigil crashes\` prints):
  resolve   the group is fixed: an event of it after the resolution raises app-new-or-regressed-crash
            (regressed, high), and the group is unresolved again
  ignore    the group never raises a finding again (until it is resolved)

options:
  --group ID     the group id (32 hex characters)
  --at TIME      resolve: when it counts as resolved (ISO time; default now). A replay of older
                 captures needs a time before their events.
  --data-dir DIR the state a \`vigil replay --data-dir DIR\` kept (with --config FILE when the replay had one)
  --stage S --region R
                 a deployed stage's DetectionState table (AWS credentials from the environment)
  --json         print the group's issue state as JSON
Exit codes: 0 done; 1 unknown group or state that cannot be read; 2 bad usage.
`;

class IssueUsageError extends Error {
  override readonly name = 'IssueUsageError';
}

/** The known crash groups, in the DetectionState table of a --data-dir or a stage. */
async function openIssues(
  values: Record<string, string | boolean | undefined>,
): Promise<{ store: CrashIssueStore; close(): Promise<void> }> {
  const dataDir = values['data-dir'] as string | undefined;
  if (dataDir !== undefined) {
    const stage = values.config !== undefined ? readLocalConfig(values.config as string).stage : 'local';
    const table = detectionStateTableName(stage);
    const opened = await openLocalTable(
      dataDir,
      table,
      () => `--data-dir "${dataDir}" has no state for stage "${stage}" (no table ${table})`,
    );
    return { store: new DynamoCrashIssueStore(opened.ddb, table), close: opened.close };
  }
  const endpoint = values['endpoint-url'] as string | undefined;
  const client = new DynamoDBClient({ region: values.region as string, ...(endpoint ? { endpoint } : {}) });
  return {
    store: new DynamoCrashIssueStore(DynamoDBDocumentClient.from(client), detectionStateTableName(values.stage as string)),
    close: async () => client.destroy(),
  };
}

function validated(action: IssueAction, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      group: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      'endpoint-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { values, help: true };
  if (!values.group || !/^[0-9a-f]{32}$/.test(values.group)) throw new IssueUsageError('--group ID (32 hex characters) is required');
  if (values.at !== undefined && (action !== 'resolve' || !Number.isFinite(Date.parse(values.at)))) {
    throw new IssueUsageError(action === 'resolve' ? '--at is not a time' : '--at goes with resolve');
  }
  if ((values['data-dir'] === undefined) === (values.stage === undefined)) {
    throw new IssueUsageError('give either --data-dir DIR or --stage S --region R');
  }
  if (values.stage !== undefined) {
    if (!/^[a-z0-9-]+$/.test(values.stage)) throw new IssueUsageError(`--stage "${values.stage}" is not a stage name`);
    if (values.region === undefined) throw new IssueUsageError('--stage needs --region');
    if (values.config !== undefined) throw new IssueUsageError('--config goes with --data-dir');
  } else if (values.region !== undefined || values['endpoint-url'] !== undefined) {
    throw new IssueUsageError('--region and --endpoint-url go with --stage');
  }
  return { values, help: false };
}

const describe = (i: CrashIssue) =>
  `crash group ${i.groupId} is ${i.status}${i.resolvedAt ? ` (resolved at ${i.resolvedAt})` : ''}: ${i.title}\n` +
  `  first seen ${i.firstSeen} in ${i.firstRelease}${i.regressedAt ? `; last regressed ${i.regressedAt}` : ''}\n`;

/** `vigil crashes resolve|ignore --group ID`: one conditional write of the group's status. */
export async function crashesIssueCommand(action: IssueAction, argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof validated>;
  try {
    parsed = validated(action, argv);
  } catch (error) {
    const usage = error instanceof IssueUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    process.stderr.write(`vigil crashes ${action}: ${(error as Error).message}\n\n${ISSUE_USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (parsed.help) {
    process.stdout.write(ISSUE_USAGE);
    return 0;
  }
  let opened: Awaited<ReturnType<typeof openIssues>> | undefined;
  try {
    opened = await openIssues(values);
    const group = values.group!;
    const issue =
      action === 'resolve'
        ? await opened.store.resolve(group, values.at !== undefined ? new Date(values.at) : new Date())
        : await opened.store.ignore(group);
    process.stdout.write(values.json ? `${JSON.stringify(issue, null, 2)}\n` : describe(issue));
    return 0;
  } catch (error) {
    const known =
      error instanceof CrashIssueNotFoundError ||
      error instanceof ReplayError ||
      error instanceof LocalConfigError ||
      (error as Error).name === 'ResourceNotFoundException';
    if (!known) throw error;
    process.stderr.write(`vigil crashes ${action}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await opened?.close();
  }
}
