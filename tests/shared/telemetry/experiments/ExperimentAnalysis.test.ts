import {
  ExperimentAnalysis,
  experimentObservation,
  type ExperimentResult,
  sampleRatioOccurrence,
  type TelemetryRecord,
} from '../../../../shared/telemetry/experiments';

/** Exposure and conversion records for one experiment, keyed by user pseudonym. */
const T0 = Date.parse('2026-11-20T09:00:00Z');
let serial = 0;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function exposure(user: string | undefined, variant: string, minutes: number, experimentKey = 'checkout_v2'): TelemetryRecord {
  serial += 1;
  return {
    eventId: `e-${serial}`,
    name: 'experiment_exposure',
    kind: 'experiment_exposure',
    timestamp: at(minutes),
    release: 'app@1.0.0+1',
    userPseudonym: user,
    properties: { experimentKey, variant, assignmentUnit: 'user' },
  };
}

function conversion(user: string, variant: string, minutes: number, goal = 'purchase'): TelemetryRecord {
  serial += 1;
  return {
    eventId: `c-${serial}`,
    name: 'experiment_conversion',
    kind: 'conversion',
    timestamp: at(minutes),
    release: 'app@1.0.0+1',
    userPseudonym: user,
    properties: { experimentKey: 'checkout_v2', variant, assignmentUnit: 'user', goal },
  };
}

function analyse(records: readonly TelemetryRecord[], config = {}): ExperimentResult[] {
  const analysis = new ExperimentAnalysis();
  for (const r of records) {
    const o = experimentObservation(r);
    if (o) analysis.add(o);
  }
  return analysis.results(() => config);
}

function sample(): TelemetryRecord[] {
  const records: TelemetryRecord[] = [];
  // 40 control users, 10 convert; 40 treatment users, 18 convert; each exposed twice (sessions).
  for (let i = 0; i < 40; i += 1) {
    records.push(exposure(`c${i}`, 'control', i), exposure(`c${i}`, 'control', i + 60));
    if (i < 10) records.push(conversion(`c${i}`, 'control', i + 5), conversion(`c${i}`, 'control', i + 70));
    records.push(exposure(`t${i}`, 'treatment', i), exposure(`t${i}`, 'treatment', i + 60));
    if (i < 18) records.push(conversion(`t${i}`, 'treatment', i + 5));
  }
  return records;
}

test('distinct units per variant, one conversion per unit and goal, rates and the z-test against control', () => {
  const [result] = analyse(sample());
  expect(result).toMatchObject({
    experimentKey: 'checkout_v2',
    control: 'control',
    variants: [
      { variant: 'control', exposedUnits: 40 },
      { variant: 'treatment', exposedUnits: 40 },
    ],
    crossoverUnits: 0,
    ignored: { beforeExposure: 0, withoutExposure: 0, withoutUnit: 0 },
  });
  const [goal] = result!.goals;
  expect(goal!.goal).toBe('purchase');
  expect(goal!.variants[0]).toEqual({ variant: 'control', units: 40, conversions: 10, rate: 0.25 });
  expect(goal!.variants[1]).toMatchObject({ variant: 'treatment', units: 40, conversions: 18, rate: 0.45 });
  const vs = goal!.variants[1]!.vsControl!;
  expect(vs.difference).toBeCloseTo(0.2, 12);
  // pooled 0.35: z = 0.2 / sqrt(0.35 * 0.65 * 2 / 40)
  expect(vs.z).toBeCloseTo(0.2 / Math.sqrt((0.35 * 0.65 * 2) / 40), 12);
  expect(vs.pValue!).toBeGreaterThan(0.05);
  expect(vs.ci95.low).toBeLessThan(0);
  expect(result!.sampleRatio).toMatchObject({ checked: true, mismatch: false, statistic: 0, pValue: 1 });
});

test('the same events shuffled and duplicated give the same results', () => {
  const records = sample();
  const shuffled = [...records, ...records.slice(0, 30)].reverse();
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = (i * 7919) % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  expect(analyse(shuffled)).toEqual(analyse(records));
});

test('first exposure places the unit; conversions before it, or of units never exposed, are counted apart', () => {
  const [result] = analyse([
    exposure('u1', 'treatment', 10),
    exposure('u1', 'control', 5),
    conversion('u1', 'treatment', 20),
    exposure('u2', 'treatment', 10),
    conversion('u2', 'treatment', 3),
    conversion('u3', 'control', 30),
    exposure(undefined, 'control', 1),
  ]);
  expect(result).toMatchObject({
    variants: [
      { variant: 'control', exposedUnits: 1 },
      { variant: 'treatment', exposedUnits: 1 },
    ],
    crossoverUnits: 1,
    ignored: { beforeExposure: 1, withoutExposure: 1, withoutUnit: 1 },
  });
  // u1's conversion counts for control, the variant of its first exposure.
  expect(result!.goals[0]!.variants.map((v) => [v.variant, v.conversions])).toEqual([
    ['control', 1],
    ['treatment', 0],
  ]);
});

test('a skewed split raises experiment-sample-ratio-mismatch; the configured allocation decides what is skewed', () => {
  const records: TelemetryRecord[] = [];
  for (let i = 0; i < 210; i += 1) records.push(exposure(`a${i}`, 'control', i));
  for (let i = 0; i < 130; i += 1) records.push(exposure(`b${i}`, 'treatment', i));
  const [equal] = analyse(records);
  expect(equal!.sampleRatio).toMatchObject({ checked: true, mismatch: true, degreesOfFreedom: 1 });
  expect(equal!.sampleRatio.pValue).toBeLessThan(0.001);
  const occurrence = sampleRatioOccurrence({
    experimentKey: equal!.experimentKey,
    exposed: new Map(equal!.variants.map((v) => [v.variant, v.exposedUnits])),
    check: equal!.sampleRatio,
    lastExposure: new Date(equal!.lastExposure!.time),
    eventId: equal!.lastExposure!.eventId,
    source: 'vigil.app',
    account: '111122223333',
    region: 'eu-west-1',
  });
  expect(occurrence).toMatchObject({
    detection: 'experiment-sample-ratio-mismatch',
    subject: 'checkout_v2',
    dedupKey: 'checkout_v2',
    evidence: { exposedUnits: 'control=210, treatment=130', expectedUnits: 'control=170, treatment=170' },
    runbook: 'docs/runbooks/experiment-sample-ratio-mismatch.md',
  });
  const [weighted] = analyse(records, {
    allocation: new Map([
      ['control', 60],
      ['treatment', 40],
    ]),
  });
  expect(weighted!.sampleRatio).toMatchObject({ checked: true, mismatch: false });
  expect(
    sampleRatioOccurrence({
      ...occurrence!,
      experimentKey: 'x',
      exposed: new Map(),
      check: weighted!.sampleRatio,
      lastExposure: new Date(),
    }),
  ).toBeUndefined();
});

test('too few units: no verdict yet; traffic in a variant not configured is a mismatch at once', () => {
  const few = analyse([exposure('a', 'control', 1), exposure('b', 'treatment', 2), exposure('c', 'treatment', 3)]);
  expect(few[0]!.sampleRatio).toMatchObject({ checked: false, mismatch: false });
  const stray = analyse([exposure('a', 'control', 1), exposure('b', 'treatment', 2), exposure('c', 'legacy', 3)], {
    allocation: new Map([
      ['control', 1],
      ['treatment', 1],
    ]),
  });
  expect(stray[0]!.sampleRatio).toMatchObject({ checked: true, mismatch: true, statistic: Number.POSITIVE_INFINITY, pValue: 0 });
});
