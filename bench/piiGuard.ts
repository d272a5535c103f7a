import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppTelemetryEnvelope } from '../events/schemas';
import type { QuarantineStore } from '../shared/quarantine';
import { redactPersonalData, TelemetryIngest } from '../shared/telemetry';
import { type Figure, ratioAsync, ratioSync } from './harness';

/**
 * The PII guard's cost. Batches: the captured telemetry of tests/events/app-telemetry (iOS, Android
 * and web batches, crashes from five platforms with their stacks), one in three given an e-mail address
 * and a phone number in an exception message. Both figures are relative to JSON.parse of the same
 * batch text, in the same run:
 *   - the guard alone over a batch's accepted, classified events;
 *   - ingest as the function runs it (envelope and spec check, classification, the guard).
 */
const DIR = join(__dirname, '..', 'tests', 'events', 'app-telemetry');

/** The parts of a captured telemetry batch this bench touches. */
interface BenchEnvelope {
  detail: { events: Array<{ exception?: { values?: Array<{ value?: string }> } }> };
}

function batches(): BenchEnvelope[] {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  return files.map((f, i) => {
    // Each batch as captured (version 1 batches stay version 1: as version 2, their crash would be quarantined).
    const envelope = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as BenchEnvelope;
    const first = envelope.detail.events.find((e) => e.exception?.values?.[0])?.exception?.values?.[0];
    if (first && i % 3 === 0) first.value = 'payee jane.doe@example.com rejected, call +44 20 7946 0958';
    return envelope;
  });
}

export async function piiGuardFigures(): Promise<Figure[]> {
  const envelopes = batches();
  const texts = envelopes.map((e) => JSON.stringify(e));
  const quarantine = { put: async () => 'q' } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({ ingest: { component: 'bench', quarantine, counter: { count: () => {} } }, action: 'reject' });
  const outcomes = await Promise.all(envelopes.map((e, i) => ingest.handle(e as AppTelemetryEnvelope, texts[i]!)));
  // The guard's input: the events as ingest classified them, before the guard (redacting again finds nothing new to copy).
  const checked = outcomes.map((o) => o.accepted.map(({ redactions: _r, ...e }) => e));
  const events = checked.reduce((n, list) => n + list.length, 0);
  // Separate cursors: subject and baseline each go round all the batches.
  let i = 0;
  let j = 0;
  let sink = 0;
  // Call counts are multiples of the 11 batches, so that every round sees each batch as often.
  const guard = ratioSync(
    () => {
      sink += redactPersonalData(checked[i++ % checked.length]!).length;
    },
    () => {
      sink += (JSON.parse(texts[j++ % texts.length]!) as object) ? 1 : 0;
    },
    2_200,
  );
  const whole = await ratioAsync(
    async () => {
      const k = i++ % texts.length;
      sink += (await ingest.handle(envelopes[k] as AppTelemetryEnvelope, texts[k]!)).accepted.length;
    },
    () => {
      sink += (JSON.parse(texts[j++ % texts.length]!) as object) ? 1 : 0;
    },
    1_100,
  );
  if (sink < 0) process.stdout.write('');
  const what = `${envelopes.length} captured batches, ${events} events`;
  return [
    {
      name: `PII guard per batch (${what}) vs JSON.parse of the batch`,
      value: Math.round(guard * 1000) / 1000,
      unit: 'ratio',
      baseline: 'JSON.parse of the same batch',
      // The guard's share of the ingest budget (5x JSON.parse for the whole ingest).
      target: { op: '<=', value: 3 },
    },
    {
      name: `telemetry ingest per batch: spec check, classification and PII guard (${what}) vs JSON.parse of the batch`,
      value: Math.round(whole * 1000) / 1000,
      unit: 'ratio',
      baseline: 'JSON.parse of the same batch',
      target: { op: '<=', value: 5 },
    },
  ];
}

// `npx tsx bench/piiGuard.ts`: this case alone.
if (require.main === module) {
  piiGuardFigures()
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
