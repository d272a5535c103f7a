import { parseArgs } from 'node:util';
import { ReplayError } from '../../infra/local/replay';
import { LocalConfigError } from '../../infra/local/runtime/errors';
import { AuditError } from '../../shared/audit';
import { FieldEncryptionError } from '../../shared/crypto';
import { TelemetryPrivacyError } from '../../shared/telemetry/privacy';
import { TelemetryStoreError } from '../../shared/telemetry/store';
import { openTelemetryTarget, type TelemetryTarget, TelemetryCliUsageError, type Values } from './telemetryTarget';

const TARGET_OPTIONS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  stage: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The shared frame of `vigil decrypt` and `vigil erase`: options parsed, the target opened and closed,
 * errors as exit codes (2 usage, 1 could not do its job), never a stack for an expected failure.
 */
export async function runTelemetryCommand(
  name: string,
  usage: string,
  argv: string[],
  own: Record<string, { type: 'string' | 'boolean' }>,
  run: (values: Values, target: TelemetryTarget) => Promise<number>,
  check: (values: Values) => void,
): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args: argv, allowPositionals: false, options: { ...TARGET_OPTIONS, ...own } }).values as Values;
  } catch (error) {
    process.stderr.write(`vigil ${name}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  let target: TelemetryTarget | undefined;
  try {
    check(values);
    target = await openTelemetryTarget(values);
    return await run(values, target);
  } catch (error) {
    if (error instanceof TelemetryCliUsageError) {
      process.stderr.write(`vigil ${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    const expected = [ReplayError, LocalConfigError, AuditError, TelemetryStoreError, TelemetryPrivacyError, FieldEncryptionError];
    const message = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
    if (
      expected.some((type) => error instanceof type) ||
      /ResourceNotFound|Credentials|AccessDenied|ECONNREFUSED|ENOTFOUND/.test(message)
    ) {
      process.stderr.write(`vigil ${name}: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await target?.close();
  }
}

export { TelemetryCliUsageError };
