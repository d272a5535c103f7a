import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentsCommand } from '../../bin/commands/experiments';
import { loadCaptured } from '../helpers/capturedEvent';
import { runCommand } from '../helpers/runCommand';

/** vigil experiments over captures written the way apps send them (the iOS sample batch as the template). */
type Json = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'vigil-experiments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
const id = () => {
  serial += 1;
  return `5d0c1f3e-8a2b-4c6d-9e0f-${serial.toString(16).padStart(12, '0')}`;
};

function event(user: string, name: 'experiment_exposure' | 'experiment_conversion', variant: string, second: number, goal?: string): Json {
  const properties: Json = { experimentKey: 'checkout_v2', variant, assignmentUnit: 'user' };
  if (goal) properties.goal = goal;
  return {
    eventId: id(),
    name,
    kind: name === 'experiment_exposure' ? 'experiment_exposure' : 'conversion',
    timestamp: new Date(Date.parse('2026-11-20T09:00:00Z') + second * 1000).toISOString(),
    sessionId: id(),
    userId: `u_${user.toUpperCase().padEnd(26, 'Q')}`,
    properties,
  };
}

function batch(events: Json[]): Json {
  const template = loadCaptured('app-telemetry', 'batch-ios') as Json;
  return { ...template, id: id(), detail: { ...template.detail, schemaVersion: 2, batchId: id(), events } };
}

/** `control`/`treatment` users, and how many of each convert. */
function capture(file: string, sizes: { control: number; treatment: number }, converting: { control: number; treatment: number }) {
  const lines: string[] = [];
  for (const variant of ['control', 'treatment'] as const) {
    for (let i = 0; i < sizes[variant]; i += 1) {
      const user = `${variant[0]}${i}`;
      const events = [event(user, 'experiment_exposure', variant, i)];
      if (i < converting[variant]) events.push(event(user, 'experiment_conversion', variant, i + 30, 'purchase'));
      lines.push(JSON.stringify(batch(events)));
    }
  }
  const path = join(dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const run = (argv: string[]) => runCommand(experimentsCommand, argv);

test('--json: units, conversions, the z-test against control and the sample-ratio check', async () => {
  const file = capture('balanced.jsonl', { control: 50, treatment: 50 }, { control: 10, treatment: 20 });
  const { code, stdout } = await run(['--json', '--input', file]);
  expect(code).toBe(0);
  const out = JSON.parse(stdout);
  expect(out.input).toMatchObject({ batches: 100, events: { accepted: 130, quarantined: 0 } });
  expect(out.findings).toEqual([]);
  const [experiment] = out.experiments;
  expect(experiment).toMatchObject({
    experimentKey: 'checkout_v2',
    control: 'control',
    variants: [
      { variant: 'control', exposedUnits: 50 },
      { variant: 'treatment', exposedUnits: 50 },
    ],
    sampleRatio: { checked: true, mismatch: false, statistic: 0, pValue: 1 },
  });
  const [control, treatment] = experiment.goals[0].variants;
  expect(control).toEqual({ variant: 'control', units: 50, conversions: 10, rate: 0.2 });
  expect(treatment).toMatchObject({ variant: 'treatment', units: 50, conversions: 20, rate: 0.4 });
  expect(treatment.vsControl.difference).toBeCloseTo(0.2, 12);
  // 2×2 chi-square without correction for [[20, 30], [10, 40]] is 4.7619...: p = 0.0290 (scipy.stats.chi2_contingency).
  expect(treatment.vsControl.pValue).toBeCloseTo(0.02909633, 6);
  // Users appear only as pseudonyms inside the run: never in the output.
  expect(stdout).not.toMatch(/u_[A-Z0-9]{20}/);
});

test('a skewed split: the mismatch in the text and as a finding; an allocation that explains it: none', async () => {
  const file = capture('skewed.jsonl', { control: 150, treatment: 90 }, { control: 0, treatment: 0 });
  const text = await run(['--input', file]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('MISMATCH (p < 0.001)');
  expect(text.stdout).toContain('finding experiment-sample-ratio-mismatch: Sample ratio mismatch in experiment checkout_v2');
  const json = JSON.parse((await run(['--json', '--input', file])).stdout);
  expect(json.findings).toEqual([expect.objectContaining({ detection: 'experiment-sample-ratio-mismatch', subject: 'checkout_v2' })]);
  const weighted = JSON.parse((await run(['--json', '--input', file, '--allocation', 'checkout_v2=control:62.5,treatment:37.5'])).stdout);
  expect(weighted.findings).toEqual([]);
  expect(weighted.experiments[0].sampleRatio).toMatchObject({ checked: true, mismatch: false, expected: { control: 150, treatment: 90 } });
});

test('events the spec refuses are counted, not analysed', async () => {
  const broken = batch([event('x', 'experiment_exposure', 'control', 1)]);
  broken.detail.events[0].properties.variant = 'Not A Key!';
  const path = join(dir, 'broken.json');
  writeFileSync(path, JSON.stringify(broken));
  const out = JSON.parse((await run(['--json', '--input', path])).stdout);
  expect(out.input).toMatchObject({ batches: 1, events: { accepted: 0, quarantined: 1 } });
  expect(out.input.reasons[0]).toContain('detail.events.0.properties.variant');
  expect(out.experiments).toEqual([]);
});

test('bad usage: exit 2 with the reason', async () => {
  for (const argv of [
    [],
    ['--input'],
    ['--input', 'x', '--allocation', 'k=a:1'],
    ['--input', 'x', '--allocation', 'k=a:0,b:1'],
    ['stray'],
  ]) {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain('vigil experiments:');
  }
  const missing = await run(['--input', join(dir, 'no-such-file.jsonl')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no-such-file.jsonl');
});
