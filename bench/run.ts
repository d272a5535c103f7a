import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleFiles } from '../infra/manifest/rules';
import { RuleSet } from '../shared/eventPattern';
import { alertDeliveryFigures } from './alertDelivery';
import { driftFigures } from './drift';
import { fieldEncryptionFigures } from './fieldEncryption';
import { meets, ratioSync, type Figure } from './harness';
import { piiGuardFigures } from './piiGuard';
import { benchEvents } from './events';
import { replayThroughputFigure } from './replayThroughput';
import { securityDetectorFigures } from './securityDetector';
import { siemBatchingFigures } from './siemBatching';
import { telemetryStorageFigures } from './telemetryStorage';

/**
 * `npm run bench`: every figure is a ratio to a baseline measured in this same run, so the numbers
 * mean something on a shared, noisy machine. Prints a table and writes bench/results.json.
 */
async function main(): Promise<void> {
  const figures: Figure[] = [];

  // 1. Routing cost: one event against the project's whole rule set, relative to JSON.parse of it.
  const rules = loadRuleFiles();
  const ruleSet = new RuleSet(rules.map((rule) => ({ pattern: rule.pattern, value: rule.name })));
  const events = benchEvents();
  const texts = events.map((e) => JSON.stringify(e));
  let i = 0;
  let sink = 0;
  const match = ratioSync(
    () => {
      sink += ruleSet.match(events[i++ % events.length]).length;
    },
    () => {
      sink += (JSON.parse(texts[i++ % texts.length]) as object) ? 1 : 0;
    },
    20_000,
  );
  figures.push({
    name: `pattern matching per event against all ${rules.length} rules, vs JSON.parse of the event`,
    value: round(match),
    unit: 'ratio',
    baseline: 'JSON.parse of the same event',
    target: { op: '<=', value: 0.5 },
  });

  // 2. Field encryption: a sealed value vs a bare GCM seal, the AWS Encryption SDK beside it (bench/fieldEncryption.ts).
  figures.push(...(await fieldEncryptionFigures()));

  figures.push(...(await telemetryStorageFigures()));
  figures.push(await replayThroughputFigure());
  figures.push(...driftFigures());
  figures.push(...(await piiGuardFigures()));

  // 4. The security detector on a day of mixed CloudTrail: rule evaluation, DynamoDB writes, whole replay.
  const detector = await securityDetectorFigures();
  figures.push(...detector.figures);

  // 5. SIEM forwarding: records per HEC request under load.
  const siem = await siemBatchingFigures();
  figures.push(...siem.figures);

  // 6. Alert delivery: OpsGenie requests per new finding, and the router's rate relative to the capture sinks'.
  const delivery = await alertDeliveryFigures();
  figures.push(...delivery.figures);

  const rows = figures.map(
    (f) => `${meets(f) ? 'ok  ' : 'MISS'}  ${String(f.value).padStart(8)}  ${f.target.op} ${String(f.target.value).padEnd(5)} ${f.name}`,
  );
  process.stdout.write(
    `status     value  target  figure\n${rows.join('\n')}\n\n${[...detector.notes, ...siem.notes, ...delivery.notes].join('\n')}\n`,
  );
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ figures }, null, 2)}\n`);
  if (sink < 0) process.stdout.write('');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
