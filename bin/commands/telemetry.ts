import { parseArgs } from 'node:util';
import { telemetrySpecJson } from '../../events/telemetry';
import { renderTelemetrySpecText } from '../../shared/telemetry/specDocs';
import type { Command } from './types';

const USAGE = `usage: vigil telemetry spec [--json]

Prints the telemetry spec: the batch envelope, every event the apps send (name, kind, version, when it is
sent), and each field with its type, presence, data class, retention and the rules ingest enforces.

options:
  --json       the spec as JSON: {"schemaVersion", "acceptedSchemaVersions", "events": [{"name", "kind",
               "version", "status", "description", "trigger", "fields": [...], "rules": [...]}],
               "envelope": {"fields": [...]}}; each field {"name", "location": "batch"|"event"|"properties",
               "type", "required", "classification", "retentionDays", "description", and its constraints:
               "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "format", "minItems",
               "maxItems", "maxProperties", "keyPattern", "requiredAnyOf", "uniqueItemsBy", "nullable",
               "additionalProperties", "enforce", "anonymisation", "sinceSchemaVersion"}. Nested fields are
               named by path: a.b (key b of object a), a[] (an item of array a), a.* (a value of map a).
               Objects hold only the keys listed, unless "additionalProperties" is true; "required" means
               present whenever the parent is; "rules" tie values together (a crash has an unhandled
               exception).
  -h, --help   this help

Exit codes: 0 printed, 2 bad usage.
`;

export const telemetryCommand: Command = {
  summary: 'print the telemetry spec (--json for tools)',
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      process.stderr.write(`vigil telemetry: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'spec') {
      const what = positionals.length === 0 ? 'no subcommand given' : `unknown subcommand "${positionals.join(' ')}"`;
      process.stderr.write(`vigil telemetry: ${what}\n\n${USAGE}`);
      return 2;
    }
    process.stdout.write(values.json ? `${JSON.stringify(telemetrySpecJson(), null, 2)}\n` : renderTelemetrySpecText());
    return 0;
  },
};
