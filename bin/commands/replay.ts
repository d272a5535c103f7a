import { parseArgs } from 'node:util';
import { LocalConfigError } from '../../infra/local/runtime/errors';
import { parseLocalConfig, readLocalConfig } from '../../infra/local/runtime/localConfig';
import { runReplay, type ReplaySummary } from '../../infra/local/runtime/replayRun';
import { publishCaptureToBus } from '../../infra/local/toBus/publishCaptureToBus';
import { ReplayError } from '../../infra/local/replay';
import type { Command } from './types';

const USAGE = `usage: vigil replay <file|dir>... [options]

Replays captured events through every Vigil function on the embedded runtime (no AWS account).
Inputs, detected by content (.gz allowed): JSON Lines or a JSON array of EventBridge events or of raw
CloudTrail records, CloudTrail log files ({"Records": [...]}), CloudWatch Logs subscription payloads
({"awslogs": {"data": ...}} or decoded, e.g. a user pool's userAuthEvents export: they go to the
functions subscribed to their log group), directories (recursively).

options:
  --out DIR          where findings.jsonl, opsgenie.jsonl, siem.jsonl, quarantine.jsonl,
                     outbox.jsonl and summary.json are written (default: out)
  --config FILE      local configuration (JSON): stage, detectionOverrides, pageAtOrAbove, batchSize,
                     logLevel, opsgenie {baseUrl, apiKey}, siem {hecUrl, token}, routing (the
                     alert router's policy: windows, throttling, responders, delivery timeouts),
                     cognitoUserAuthEventsLogGroup (the group the Cognito bridge subscribes to),
                     telemetrySchemaViolations (reject | mark: what app-telemetry does with an
                     event that breaks the telemetry spec)
  --data-dir DIR     keep DynamoDB state (findings, idempotency keys) between runs (default: in memory)
  --s3-dir DIR       serve DIR/<bucket>/<key> on the embedded S3 (SageMaker Model Monitor reports: the
                     runs' statistics.json, constraints.json and constraint_violations.json)
  --to-bus NAME      publish the events to a deployed event bus instead (PutEvents; AWS credentials
                     from the usual environment)
  --region R         region of --to-bus
  --endpoint-url U   EventBridge endpoint for --to-bus (testing)
  -h, --help         this help

Exit code 0 when the replay ran, findings or not; 1 when it could not do its job; 2 on bad usage.
`;

/** The files of the input directories left out, on the console: the first few, all of them in summary.json. */
function skippedLines(skipped: ReplaySummary['skipped']): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 3).map(({ path, reason }) => `${path} (${reason.replace(/^skipped: /, '')})`);
  const more = skipped.length > shown.length ? `, and ${skipped.length - shown.length} more (summary.json)` : '';
  return [`  skipped: ${skipped.length} item(s) in the input directories, not read: ${shown.join(', ')}${more}`];
}

/** Dead letters and invocations that failed every retry: said on the console, detailed in summary.json. */
function failureLines(summary: ReplaySummary): string[] {
  const lines = [];
  if (summary.deadLetters.length > 0)
    lines.push(`  dead-lettered: ${summary.deadLetters.length} (a buffer queue's DLQ would hold them; see summary.json)`);
  const byFunction = new Map<string, number>();
  for (const f of summary.failedInvocations) byFunction.set(f.function, (byFunction.get(f.function) ?? 0) + 1);
  for (const [fn, n] of byFunction)
    lines.push(`  failed every retry: ${n} ${fn} invocation(s) (an on-failure destination would hold them; see summary.json)`);
  for (const f of summary.failedInvocations.filter((f) => f.findingId !== undefined).slice(0, 5))
    lines.push(`    finding ${f.findingId} (event ${f.eventId}): ${f.reason}`);
  return lines;
}

/** Deliveries still in the outbox, when any: per sink, and the first few findings with their reason. */
function outboxLines(summary: ReplaySummary): string[] {
  const { opsgenie, siem } = summary.outbox;
  if (opsgenie + siem === 0) return [];
  return [`  outbox: ${opsgenie} OpsGenie, ${siem} SIEM deliveries still waiting (outbox.jsonl: finding, reason, attempts)`];
}

/** The telemetry batches' events, when the capture held any. */
function telemetryLines(summary: ReplaySummary): string[] {
  const { batches, events, unexpected } = summary.telemetry;
  if (batches === 0) return [];
  const marked = unexpected > 0 ? ` (${unexpected} marked unexpected)` : '';
  return [`  telemetry: ${batches} batches, ${events.accepted} app events accepted${marked}, ${events.quarantined} quarantined`];
}

export const replayCommand: Command = {
  summary: 'replay captured events through the pipeline (embedded) or onto a deployed bus',
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          out: { type: 'string', default: 'out' },
          config: { type: 'string' },
          'data-dir': { type: 'string' },
          's3-dir': { type: 'string' },
          'to-bus': { type: 'string' },
          region: { type: 'string' },
          'endpoint-url': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      process.stderr.write(`vigil replay: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length === 0) {
      process.stderr.write(`vigil replay: no input given\n\n${USAGE}`);
      return 2;
    }
    const emptyOption = (['out', 'config', 'data-dir', 's3-dir', 'to-bus'] as const).find((name) => values[name]?.trim() === '');
    if (emptyOption) {
      process.stderr.write(`vigil replay: --${emptyOption} needs a non-empty value\n\n${USAGE}`);
      return 2;
    }
    try {
      if (values['to-bus']) {
        const outcome = await publishCaptureToBus({
          inputs: positionals,
          busName: values['to-bus'],
          region: values.region,
          endpoint: values['endpoint-url'],
          progressStream: process.stderr,
        });
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        return outcome.failed > 0 ? 1 : 0;
      }
      const config = values.config !== undefined ? readLocalConfig(values.config) : parseLocalConfig({});
      // SIGINT/SIGTERM stop the replay cleanly: it writes what it has, marked interrupted (exit 130).
      const interrupt = new AbortController();
      const onSignal = () => interrupt.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let summary: ReplaySummary;
      try {
        summary = await runReplay({
          inputs: positionals,
          outDir: values.out,
          config,
          dataDir: values['data-dir'],
          s3Dir: values['s3-dir'],
          signal: interrupt.signal,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const detections = Object.entries(summary.byDetection)
        .map(([id, n]) => `    ${id}: ${n}`)
        .join('\n');
      process.stdout.write(
        [
          `vigil replay: ${summary.events.read} events read, ${summary.events.processed} processed, ` +
            `${summary.events.quarantined} quarantined, ${summary.events.unmatched} matched no rule, ${summary.events.failed} failed`,
          `  findings: ${summary.findings}${detections ? `\n${detections}` : ''}`,
          `  audit trail: ${summary.audit.authentication} authentication(s), ${summary.audit.operation} sensitive operation(s) recorded`,
          `  deliveries: ${summary.deliveries.opsgenie} OpsGenie, ${summary.deliveries.siem} SIEM` +
            (summary.deliveries.heartbeatPings > 0 ? ` (and ${summary.deliveries.heartbeatPings} heartbeat pings)` : '') +
            (summary.deliveries.unconfirmed > 0
              ? `; ${summary.deliveries.unconfirmed} OpsGenie requests accepted, outcome not read yet (the drain's next run reads it)`
              : ''),
          ...outboxLines(summary),
          ...telemetryLines(summary),
          ...failureLines(summary),
          ...skippedLines(summary.skipped),
          ...(summary.interrupted ? [`  interrupted: stopped by a signal, ${summary.interrupted.pending} waiting event(s) dropped`] : []),
          `  output: ${values.out}/ (findings.jsonl, opsgenie.jsonl, siem.jsonl, quarantine.jsonl, outbox.jsonl, summary.json)`,
          '',
        ].join('\n'),
      );
      return summary.interrupted ? 130 : 0;
    } catch (error) {
      if (error instanceof ReplayError || error instanceof LocalConfigError) {
        process.stderr.write(`vigil replay: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
