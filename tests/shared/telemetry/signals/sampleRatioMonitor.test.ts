import { configureRelay } from '../../../../shared/detections/relayed';
import { InMemoryExposureCountStore } from '../../../../shared/telemetry/experiments';
import {
  experimentSampleRatioMismatch,
  type ExposureObservation,
  SampleRatioMonitor,
} from '../../../../shared/telemetry/signals/sampleRatio';
import { duplicatedAndShuffled, foldFindings, inBatches } from './foldFindings';

/** experiment-sample-ratio-mismatch, live: distinct units per variant, counted once whatever the delivery. */
const origin = { source: 'vigil.app', account: '111122223333', region: 'eu-west-1' };
const START = Date.parse('2026-11-20T08:00:00Z');

/** Exposures of the variants interleaved in time as real traffic is (each variant spread evenly over the same hour). */
function exposures(experimentKey: string, perVariant: Record<string, number>): ExposureObservation[] {
  const out: ExposureObservation[] = [];
  Object.entries(perVariant).forEach(([variant, units], v) => {
    for (let u = 0; u < units; u += 1) {
      const time = START + Math.floor((u / units) * 3_600_000) + v;
      out.push({ experimentKey, unit: `user:user:${variant}-${u}`, variant, time, eventId: `${experimentKey}-${variant}-${u}`, origin });
    }
  });
  return out.sort((a, b) => a.time - b.time);
}

async function run(batches: readonly ExposureObservation[][], overrides = {}) {
  const store = new InMemoryExposureCountStore();
  const monitor = new SampleRatioMonitor(configureRelay(experimentSampleRatioMismatch, overrides), store);
  const occurrences = [];
  for (const batch of batches) occurrences.push(...(await monitor.observe(batch)));
  return { occurrences, findings: foldFindings(occurrences), store };
}

test('a 600/400 split of an experiment configured 50/50 is a mismatch; 510/490 is not', async () => {
  const skewed = await run(inBatches(exposures('onboarding_checklist_v3', { control: 600, treatment: 400 }), 100));
  expect(skewed.findings.map((f) => [f.detection, f.subject, f.severity])).toEqual([
    ['experiment-sample-ratio-mismatch', 'onboarding_checklist_v3', 'medium'],
  ]);
  const last = skewed.occurrences.at(-1)!;
  expect(last.evidence).toMatchObject({ exposedUnits: 'control=600, treatment=400', expectedUnits: 'control=500, treatment=500' });
  expect(last.evidence.pValue as number).toBeLessThan(0.001);
  expect(last.evidence.statistic).toBeCloseTo(40, 6);
  const fair = await run(inBatches(exposures('fair', { control: 510, treatment: 490 }), 100));
  expect(fair.findings).toEqual([]);
});

test('redelivered and shuffled exposures count each unit once: the same counts and findings', async () => {
  const events = exposures('onboarding_checklist_v3', { control: 600, treatment: 400 });
  const clean = await run(inBatches(events, 100));
  const messy = await run(inBatches(duplicatedAndShuffled(events, 50), 37));
  expect(await messy.store.counts('onboarding_checklist_v3')).toEqual(
    new Map([
      ['control', 600],
      ['treatment', 400],
    ]),
  );
  // The same finding, counted the same; its first and last seen are the latest exposure judged, which disorder may move
  // within the day.
  const identity = (f: (typeof clean.findings)[number]) => [f.id, f.subject, f.severity, f.count];
  expect(messy.findings.map(identity)).toEqual(clean.findings.map(identity));
  expect(clean.findings).toHaveLength(1);
});

test('a unit exposed to two variants counts in the variant of its earliest exposure, whichever arrives first', async () => {
  const first = { experimentKey: 'x', unit: 'session:s-1', variant: 'treatment', time: START, eventId: 'e-1', origin };
  const later = { ...first, variant: 'control', time: START + 60_000, eventId: 'e-2' };
  for (const order of [
    [first, later],
    [later, first],
  ]) {
    const { store } = await run(order.map((e) => [e]));
    expect(await store.counts('x')).toEqual(new Map([['treatment', 1]]));
  }
});

test('the check waits for minUnits, and follows a configured allocation', async () => {
  const small = await run([exposures('small', { control: 60, treatment: 20 })]);
  expect(small.findings).toEqual([]);
  // Enough once the stage lowers the minimum.
  const lowered = await run([exposures('small', { control: 60, treatment: 20 })], {
    'experiment-sample-ratio-mismatch': { parameters: { minUnits: 50 } },
  });
  expect(lowered.findings).toHaveLength(1);
  // 600/400 is what a 60/40 allocation expects.
  const allocated = await run(inBatches(exposures('weighted', { control: 600, treatment: 400 }), 100), {
    'experiment-sample-ratio-mismatch': { parameters: { allocations: { weighted: { control: 60, treatment: 40 } } } },
  });
  expect(allocated.findings).toEqual([]);
});
