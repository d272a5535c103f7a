import { runTelemetryCommand, TelemetryCliUsageError } from './telemetryCliRun';
import type { Command } from './types';

const USAGE = `usage: vigil erase --user ID [--json] (--data-dir DIR [--config FILE] | --stage S --region R)

  Erases every stored telemetry event of an app user: the user id is pseudonymised with the stage's key
  (KMS GenerateMac), the user's events found by that pseudonym, and each replaced by a tombstone that
  keeps no value, no ciphertext and no pseudonym (so a redelivered batch stays erased); then the user's
  derived state (data-export baseline, experiment units: every state item keyed by the pseudonym) is
  deleted, which scans the state table (progress on stderr). The erasure is written to the audit trail
  first (an operation "delete", naming the pseudonym, never the user id). Findings that name the
  pseudonym are security records and stay for their retention.

where:
  --user ID          the app user id as the app sends it (userId)
  --data-dir DIR     the state a \`vigil replay --data-dir DIR\` kept (stage from --config, default "local")
  --config FILE      the replay's local configuration
  --stage S          a deployed stage: table vigil-<S>-telemetry-events, key alias/vigil-<S>-telemetry-pseudonym
  --region R         its region (AWS credentials from the usual environment)
  --endpoint-url U   DynamoDB and KMS endpoint for --stage (testing)
  --json             {"userPseudonym", "erased": [eventId...], "state": {"scanned", "erased"}}
  -h, --help         this help

Exit code 0: done (also when the user had no stored events); 1: could not do its job; 2: bad usage.
`;

export const eraseCommand: Command = {
  summary: 'erase every stored telemetry event of an app user (audited)',
  run: (argv) =>
    runTelemetryCommand(
      'erase',
      USAGE,
      argv,
      { user: { type: 'string' }, json: { type: 'boolean' } },
      async (values, target) => {
        const userId = values.user as string;
        const pseudonym = await target.archive.pseudonym(userId);
        await target.audit({ activity: 'delete', operation: 'EraseTelemetryUser', targets: [target.table, target.stateTable, pseudonym] });
        const erasure = await target.archive.eraseUser(userId);
        const state = await target.eraseUserState(erasure.userPseudonym, ({ scanned, erased }) =>
          process.stderr.write(`vigil erase: state table: ${scanned} item(s) read, ${erased} of the user's deleted\n`),
        );
        if (values.json) process.stdout.write(`${JSON.stringify({ ...erasure, state }, null, 2)}\n`);
        else {
          const lines = [
            `vigil erase: ${erasure.erased.length} event(s) of ${erasure.userPseudonym} erased, and ${state.erased} state item(s); ` +
              'this erasure is in the audit trail',
          ];
          for (const id of erasure.erased) lines.push(`  ${id}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return 0;
      },
      (values) => {
        const user = values.user;
        if (typeof user !== 'string' || user === '') throw new TelemetryCliUsageError('--user is required');
      },
    ),
};
