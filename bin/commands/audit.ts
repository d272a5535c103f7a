import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditTableName, openLocalAuditTrail, type OpenedAuditTrail } from '../../infra/local/auditTrail';
import { ReplayError } from '../../infra/local/replay';
import { LocalConfigError } from '../../infra/local/runtime/errors';
import { LOCAL_PSEUDONYM_KEY, parseLocalConfig, readLocalConfig } from '../../infra/local/runtime/localConfig';
import {
  AuditError,
  DynamoAuditStore,
  type PartitionVerification,
  Pseudonymizer,
  type QueriedRecord,
  type VerificationReport,
} from '../../shared/audit';
import type { Command } from './types';

const USAGE = `usage: vigil audit <verify|query> [options] (--data-dir DIR [--config FILE] | --stage S --region R)

  vigil audit verify [--partition P] [--json]
      Checks every hash chain of the audit trail (or partition P, "<account>/<region>/<YYYY-MM-DD>/<shard>"):
      each record's hash, each link to the record before it, the sequence, the head. Exit 1 names the first
      broken link: its partition, seq, and the hash expected against the hash found.

  vigil audit query --principal P --since T [--until T] [--limit N] [--json]
      The records of principal P between two event times (ISO 8601; --until defaults to now), oldest first.
      P is an identity ARN (an IAM user, an assumed-role session, root), an IAM role ARN (every session of
      the role), a pseudonym as the trail shows it (cognito:<hex>), or cognito-sub:<sub> for an app user
      (pseudonymised with the stage's key first; the sub itself is never stored).

where:
  --data-dir DIR     the state a \`vigil replay --data-dir DIR\` kept (stage from --config, default "local")
  --config FILE      the replay's local configuration (its stage and pseudonym key)
  --stage S          a deployed stage: table vigil-<S>-audit, secret vigil-<S>/pseudonym-key
  --region R         its region (AWS credentials from the usual environment)
  --endpoint-url U   DynamoDB and Secrets Manager endpoint for --stage (testing)
  --json             machine-readable output
  -h, --help         this help

Exit code 0: done (verify: every chain intact); 1: a chain is broken, or the command could not do its job; 2: bad usage.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Values = Record<string, string | boolean | undefined>;

interface Target extends OpenedAuditTrail {
  /** The stage's pseudonym key, fetched only when a query needs it. */
  pseudonymKey(): Promise<string>;
}

async function openTarget(values: Values): Promise<Target> {
  const dataDir = values['data-dir'] as string | undefined;
  const stage = values.stage as string | undefined;
  if ((dataDir === undefined) === (stage === undefined)) throw new UsageError('give either --data-dir DIR or --stage S --region R');
  if (dataDir !== undefined) {
    if (values.region !== undefined || values['endpoint-url'] !== undefined)
      throw new UsageError('--region and --endpoint-url go with --stage');
    const config = values.config !== undefined ? readLocalConfig(values.config as string) : parseLocalConfig({});
    const opened = await openLocalAuditTrail(dataDir, config.stage);
    return { ...opened, pseudonymKey: async () => config.pseudonymKey ?? LOCAL_PSEUDONYM_KEY };
  }
  if (values.config !== undefined) throw new UsageError('--config goes with --data-dir');
  const region = values.region as string | undefined;
  if (!region) throw new UsageError('--stage needs --region');
  if (!/^[a-z0-9-]+$/.test(stage!)) throw new UsageError(`--stage "${stage}" is not a stage name`);
  const endpoint = values['endpoint-url'] as string | undefined;
  const client = new DynamoDBClient({ region, ...(endpoint ? { endpoint } : {}) });
  const table = auditTableName(stage!);
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    client.destroy();
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new AuditError(`no audit table ${table} in ${region} (ResourceNotFoundException: is stage "${stage}" deployed there?)`);
    }
    throw error;
  }
  return {
    store: new DynamoAuditStore(DynamoDBDocumentClient.from(client), table),
    table,
    close: async () => client.destroy(),
    pseudonymKey: async () => {
      const secrets = new SecretsManagerClient({ region, ...(endpoint ? { endpoint } : {}) });
      try {
        const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: `vigil-${stage}/pseudonym-key` }));
        if (!SecretString) throw new AuditError(`the secret vigil-${stage}/pseudonym-key has no string value`);
        return SecretString;
      } finally {
        secrets.destroy();
      }
    },
  };
}

/* ---------- verify ---------- */

function partitionLine(p: PartitionVerification): string {
  const state = p.intact ? (p.expired ? 'intact (expired)' : 'intact') : 'BROKEN';
  const last = p.last ? `last seq ${p.last.seq} ${p.last.hash}` : 'empty';
  return `  ${p.partition}  ${p.records} record(s)  ${state}  ${last}${p.notes.length > 0 ? `\n      note: ${p.notes.join('; ')}` : ''}`;
}

function verifyText(report: VerificationReport): string {
  const lines = [
    `vigil audit verify: ${report.partitions.length} partition(s), ${report.records} record(s): ${report.intact ? 'intact' : 'BROKEN'}`,
  ];
  for (const p of report.partitions) lines.push(partitionLine(p));
  const broken = report.brokenLink;
  if (broken) {
    lines.push(
      '',
      `first broken link: partition ${broken.partition}, seq ${broken.seq} (${broken.reason})`,
      `  ${broken.message}`,
      `  expected: ${broken.expected}`,
      `  found:    ${broken.found}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function verify(values: Values): Promise<number> {
  const target = await openTarget(values);
  try {
    const partition = values.partition as string | undefined;
    if (partition !== undefined && partition.trim() === '') throw new UsageError('--partition needs a value');
    if (partition !== undefined && !(await target.store.partitions()).includes(partition)) {
      throw new AuditError(`no partition "${partition}" in ${target.table}`);
    }
    const report = await target.store.verifyAll(partition === undefined ? {} : { partitions: [partition] });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : verifyText(report));
    return report.intact ? 0 : 1;
  } finally {
    await target.close();
  }
}

/* ---------- query ---------- */

function parseTime(value: string | undefined, name: string, fallback?: Date): Date {
  if (value === undefined) {
    if (fallback) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} "${value}" is not an ISO 8601 time (e.g. 2026-11-20T00:00:00Z)`);
  return new Date(ms);
}

function recordLine(q: QueriedRecord): string {
  const r = q.record;
  const what = `${r.kind} ${r.activity} ${r.action.service} ${r.action.operation}`;
  const outcome = r.outcome.errorCode ? `${r.outcome.status} (${r.outcome.errorCode})` : r.outcome.status;
  const from = r.source.ip ? ` from ${r.source.ip}` : '';
  const into = r.subject !== undefined && r.subject !== r.actor.principal;
  const on = into ? ` into ${r.subject}` : r.targets.length > 0 ? ` on ${r.targets.join(', ')}` : '';
  const integrity = q.intact ? '' : '  [ALTERED: does not match its hash; run vigil audit verify]';
  return `${r.time}  ${what}  ${outcome}  by ${r.actor.principal ?? 'unknown'}${from}${on}  [${r.partition} #${r.seq}]${integrity}`;
}

async function query(values: Values): Promise<number> {
  const raw = values.principal as string | undefined;
  if (!raw || raw.trim() === '') throw new UsageError('--principal is required');
  const since = parseTime(values.since as string | undefined, 'since');
  const until = parseTime(values.until as string | undefined, 'until', new Date());
  if (since > until) throw new UsageError('--since is after --until');
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit "${values.limit}" is not a positive integer`);
  }
  const target = await openTarget(values);
  try {
    const principal = raw.startsWith('cognito-sub:')
      ? new Pseudonymizer(await target.pseudonymKey()).pseudonym('cognito-sub', raw.slice('cognito-sub:'.length))
      : raw;
    const records = await target.store.query({ principal, since, until, ...(limit === undefined ? {} : { limit }) });
    if (values.json) {
      const out = {
        principal,
        since: since.toISOString(),
        until: until.toISOString(),
        records: records.map((q) => ({ ...q.record, hash: q.hash, intact: q.intact })),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const head = `vigil audit query: ${records.length} record(s) for ${principal}, ${since.toISOString()} to ${until.toISOString()}`;
      process.stdout.write(`${[head, ...records.map(recordLine)].join('\n')}\n`);
    }
    return 0;
  } finally {
    await target.close();
  }
}

/* ---------- the command ---------- */

const SUBCOMMANDS: Record<string, (values: Values) => Promise<number>> = { verify, query };

export const auditCommand: Command = {
  summary: "verify the audit trail's hash chains, or query it by principal and time",
  async run(argv) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      process.stdout.write(USAGE);
      return sub ? 0 : 2;
    }
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) {
      process.stderr.write(`vigil audit: unknown subcommand "${sub}"\n\n${USAGE}`);
      return 2;
    }
    let values: Values;
    try {
      values = parseArgs({
        args: rest,
        allowPositionals: false,
        options: {
          'data-dir': { type: 'string' },
          config: { type: 'string' },
          stage: { type: 'string' },
          region: { type: 'string' },
          'endpoint-url': { type: 'string' },
          partition: { type: 'string' },
          principal: { type: 'string' },
          since: { type: 'string' },
          until: { type: 'string' },
          limit: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values;
    } catch (error) {
      process.stderr.write(`vigil audit ${sub}: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const misplaced = sub === 'verify' ? ['principal', 'since', 'until', 'limit'] : ['partition'];
    const wrong = misplaced.find((name) => values[name] !== undefined);
    try {
      if (wrong) throw new UsageError(`--${wrong} is not an option of "audit ${sub}"`);
      return await run(values);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(`vigil audit ${sub}: ${error.message}\n\n${USAGE}`);
        return 2;
      }
      if (error instanceof ReplayError || error instanceof LocalConfigError || error instanceof AuditError) {
        process.stderr.write(`vigil audit ${sub}: ${error.message}\n`);
        return 1;
      }
      const name = (error as Error)?.name ?? '';
      if (
        /ResourceNotFound|Credentials|UnrecognizedClient|AccessDenied|ECONNREFUSED|ENOTFOUND/.test(`${name} ${(error as Error)?.message}`)
      ) {
        process.stderr.write(`vigil audit ${sub}: ${name}: ${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
