import { runTelemetryCommand, TelemetryCliUsageError } from './telemetryCliRun';
import type { Command } from './types';

const USAGE = `usage: vigil decrypt --event-id ID [--json] (--data-dir DIR [--config FILE] | --stage S --region R)

  Prints one stored telemetry event whole, its Restricted values (sealed in the store) decrypted, for an
  authorised operator. The read is written to the audit trail first (an operation "read" by you on the
  event); if it cannot be recorded, nothing is printed.

where:
  --event-id ID      the telemetry event's eventId
  --data-dir DIR     the state a \`vigil replay --data-dir DIR\` kept (stage from --config, default "local")
  --config FILE      the replay's local configuration
  --stage S          a deployed stage: table vigil-<S>-telemetry-events, keys alias/vigil-<S>-fields
  --region R         its region (AWS credentials from the usual environment)
  --endpoint-url U   DynamoDB and KMS endpoint for --stage (testing)
  --json             the record as JSON only
  -h, --help         this help

Exit code 0: printed; 1: not found, not decryptable, or the read could not be audited; 2: bad usage.
`;

export const decryptCommand: Command = {
  summary: 'print a stored telemetry event with its Restricted values, for an operator (audited)',
  run: (argv) =>
    runTelemetryCommand(
      'decrypt',
      USAGE,
      argv,
      { 'event-id': { type: 'string' }, json: { type: 'boolean' } },
      async (values, target) => {
        const eventId = values['event-id'] as string;
        // Opened (so a missing or undecryptable event is refused before anything is recorded), recorded, then shown.
        const opened = await target.archive.open(eventId);
        await target.audit({ activity: 'read', operation: 'DecryptTelemetryEvent', targets: [`${target.table}/${eventId}`] });
        const record = { ...opened.item, keyId: opened.keyId, restrictedFields: opened.restrictedFields, ...opened.doc };
        if (values.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
        else {
          const what = `${opened.item.name}, ${opened.item.timestamp}`;
          const head = `vigil decrypt: ${eventId} (${what}), ${opened.restrictedFields.length} Restricted value(s)`;
          process.stdout.write(`${head}; this read is in the audit trail\n${JSON.stringify(record, null, 2)}\n`);
        }
        return 0;
      },
      (values) => {
        const id = values['event-id'];
        if (typeof id !== 'string' || id.trim() === '') throw new TelemetryCliUsageError('--event-id is required');
      },
    ),
};
