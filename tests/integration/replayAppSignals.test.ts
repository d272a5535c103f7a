import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';
import { duplicatedAndShuffled } from '../shared/telemetry/signals/foldFindings';

/**
 * The app signal detections end to end through `vigil replay` (app-telemetry on the embedded runtime, its DynamoDB
 * state in dynalite): events/samples/app/app-signals.jsonl clean, then with every batch delivered twice, shuffled
 * within blocks of 20 (about 10 minutes of lateness) and in other SQS batches: the same findings. The timeouts are
 * for a shared CI machine: a replay of the capture takes seconds on an idle one.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-app-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const capture = readFileSync(join(__dirname, '..', '..', 'events', 'samples', 'app', 'app-signals.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean);

async function replay(name: string, lines: readonly string[], batchSize?: number) {
  const input = join(dir, `${name}.jsonl`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const out = join(dir, name);
  // A fresh process in production: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({
    inputs: [input],
    outDir: out,
    config: parseLocalConfig({ batchSize }),
    progressStream: { write: () => true } as never,
  });
  const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
  return { summary, findings, raw: readFileSync(join(out, 'findings.jsonl'), 'utf8') };
}

/**
 * What must not change, finding by finding. Each replay without a --data-dir has its own embedded KMS, hence its own
 * HMAC key: a user's pseudonym (and so the export finding's subject and id) differs from one replay to the next, and
 * is left out; everything else is compared.
 */
const brief = (findings: readonly Finding[]) =>
  findings
    .map((f) => {
      const pseudonymous = f.detection === 'app-data-export-anomaly';
      return [
        pseudonymous ? '<pseudonym>' : f.id,
        f.detection,
        pseudonymous ? '<pseudonym>' : f.subject,
        f.severity,
        f.count,
        [...f.eventIds].sort(),
      ];
    })
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));

let clean: Awaited<ReturnType<typeof replay>>;

test('the capture raises the three app signals it holds, the export finding by pseudonym only', async () => {
  clean = await replay('clean', capture);
  expect(clean.summary.telemetry.events).toEqual({ accepted: 485, quarantined: 0 });
  expect(clean.findings.map((f) => [f.detection, f.severity, f.count]).sort()).toEqual([
    ['app-data-export-anomaly', 'high', 4],
    ['app-latency-slo-burn', 'high', 7],
    ['experiment-sample-ratio-mismatch', 'medium', 1],
  ]);
  const exportFinding = clean.findings.find((f) => f.detection === 'app-data-export-anomaly')!;
  expect(exportFinding.subject).toMatch(/^user:[0-9a-f]{32}$/);
  // No user id of the capture (u_ and 26 characters) anywhere in the findings.
  expect(clean.raw).not.toMatch(/u_[0-9A-Z]{26}/);
}, 300_000);

test('every batch twice, shuffled with bounded lateness, in SQS batches of 25: the same findings', async () => {
  const messy = await replay('messy', duplicatedAndShuffled(capture, 20), 25);
  expect(brief(messy.findings)).toEqual(brief(clean.findings));
}, 300_000);
