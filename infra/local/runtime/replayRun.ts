import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import type { Finding } from '../../../shared/findings';
import { createProgress, inputSizeBytes, readReplayInputs } from '../replay';
import { EmbeddedRuntime, type BusName, type DeadLetter } from './EmbeddedRuntime';
import type { LocalConfig } from './localConfig';

export interface ReplaySummary {
  events: { read: number; processed: number; quarantined: number; unmatched: number; failed: number };
  findings: number;
  byDetection: Record<string, number>;
  bySeverity: Record<string, number>;
  deliveries: { opsgenie: number; siem: number };
  invocations: Record<string, number>;
  deadLetters: DeadLetter[];
  failedInvocations: DeadLetter[];
  durationMs: number;
}

export interface ReplayRunOptions {
  inputs: string[];
  outDir: string;
  config: LocalConfig;
  dataDir?: string;
  /** Where the progress bar goes (drawn only on a terminal). */
  progressStream?: NodeJS.WriteStream;
}

/** Which bus a captured event arrives on: AWS services publish to the default bus, everything else to Vigil's. */
export function busFor(event: EventBridgeEvent): BusName {
  return event.source.startsWith('aws.') ? 'default' : 'vigil';
}

/**
 * `vigil replay`: every captured event through the embedded runtime, then the outputs of DESIGN.md
 * (findings.jsonl, opsgenie.jsonl, siem.jsonl, quarantine.jsonl, summary.json) in outDir.
 */
export async function runReplay(options: ReplayRunOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const total = await inputSizeBytes(options.inputs);
  mkdirSync(options.outDir, { recursive: true });
  const out = {
    opsgenie: jsonLines(join(options.outDir, 'opsgenie.jsonl')),
    siem: jsonLines(join(options.outDir, 'siem.jsonl')),
    quarantine: jsonLines(join(options.outDir, 'quarantine.jsonl')),
  };
  const deliveries = { opsgenie: 0, siem: 0 };
  const runtime = await EmbeddedRuntime.start({
    config: options.config,
    dataDir: options.dataDir,
    onDelivery: (sink, request) => {
      deliveries[sink] += 1;
      // SIEM lines are the OCSF records exactly as forwarded; OpsGenie lines the whole request.
      out[sink].write(sink === 'siem' ? (request.body as { event?: unknown }).event ?? request.body : request);
    },
  });
  const counts = { read: 0, inputQuarantined: 0, matched: 0, unmatched: 0 };
  const progress = createProgress({ total, stream: options.progressStream ?? process.stderr, label: 'replay' });
  try {
    for await (const item of readReplayInputs(options.inputs, { onBytes: (n) => progress.tick(n, 0) })) {
      counts.read += 1;
      progress.tick(0, 1);
      if (item.kind === 'quarantined') {
        counts.inputQuarantined += 1;
        out.quarantine.write({ stage: 'input', origin: item.origin, reason: item.reason });
        continue;
      }
      if (runtime.deliver(item.event, busFor(item.event)) > 0) counts.matched += 1;
      else counts.unmatched += 1;
      if (runtime.backlog >= options.config.batchSize) await runtime.drain();
    }
    await runtime.drain();
    progress.done();

    const functionQuarantine = await runtime.quarantined(new Date(started));
    for (const row of functionQuarantine) out.quarantine.write({ stage: 'function', ...row });
    const findings = await collectFindings(runtime);
    writeFileSync(join(options.outDir, 'findings.jsonl'), findings.map((f) => `${JSON.stringify(f)}\n`).join(''));

    const { deadLetters, failedInvocations, invocations } = runtime.stats;
    const failed = deadLetters.length + failedInvocations.filter((f) => f.function !== 'alertRouter').length;
    const summary: ReplaySummary = {
      events: {
        read: counts.read,
        processed: counts.matched - functionQuarantine.length - failed,
        quarantined: counts.inputQuarantined + functionQuarantine.length,
        unmatched: counts.unmatched,
        failed,
      },
      findings: findings.length,
      byDetection: tally(findings.map((f) => f.detection)),
      bySeverity: tally(findings.map((f) => f.severity)),
      deliveries,
      invocations: invocations as Record<string, number>,
      deadLetters,
      failedInvocations,
      durationMs: Date.now() - started,
    };
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    progress.done();
    await runtime.close();
    await Promise.all(Object.values(out).map((s) => s.close()));
  }
}

async function collectFindings(runtime: EmbeddedRuntime): Promise<Finding[]> {
  const findings: Finding[] = [];
  for await (const finding of runtime.findings()) findings.push(finding);
  return findings.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values.sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function jsonLines(path: string): { write(value: unknown): void; close(): Promise<void> } {
  const stream: WriteStream = createWriteStream(path);
  return {
    write: (value) => stream.write(`${JSON.stringify(value)}\n`),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}
