import { OCSF_FINDING_ACTIVITIES, toOcsfDetectionFinding, type OcsfFindingActivity } from '../../../shared/alerts';
import { TUNABLE_DETECTIONS, runbookFor } from '../../../shared/detections';
import { ocsfErrors, validateOcsf } from '../../helpers/ocsfValidator';
import { sampleFinding } from './sampleFinding';

const opts = { productVersion: '0.1.0', stage: 'prod' };
const ACTIVITIES = Object.keys(OCSF_FINDING_ACTIVITIES) as OcsfFindingActivity[];

/** Subjects of every shape the detections give (an IAM principal, an IP, a resource ARN, an account, a Cognito pseudonym). */
const SUBJECTS = [
  'arn:aws:iam::111122223333:role/ci-deployer',
  'arn:aws:sts::111122223333:assumed-role/ops-admin/dana.ops',
  '203.0.113.99',
  '2001:db8::7',
  'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail',
  '111122223333',
  'cognito:0f1e2d3c4b5a69788796a5b4c3d2e1f0',
];

/** One finding per detection, as the detection's definition fixes it (id, title, severity, MITRE ids, runbook). */
const FINDINGS = TUNABLE_DETECTIONS.map(({ definition }, i) =>
  sampleFinding({
    id: i.toString(16).padStart(32, '0'),
    detection: definition.id,
    title: definition.title,
    severity: definition.severity,
    mitre: [...definition.mitre],
    runbook: runbookFor(definition.id),
    subject: SUBJECTS[i % SUBJECTS.length]!,
  }),
);

describe('OCSF 1.3.0 conformance of Detection Findings (tests/conformance/ocsf-1.3.0-classes.json)', () => {
  it('covers every detection, registered and relayed', () => {
    expect(FINDINGS.length).toBeGreaterThanOrEqual(65);
    expect(FINDINGS.map((f) => f.detection)).toContain('guardduty-finding');
  });

  describe.each(ACTIVITIES)('activity %s', (activity) => {
    it.each(FINDINGS.map((f) => [f.detection, f] as const))('%s validates', (_id, finding) => {
      const record = toOcsfDetectionFinding(finding, { ...opts, activity });
      expect(ocsfErrors(record)).toEqual([]);
      expect(validateOcsf(record).warnings.filter((w) => w.problem === 'deprecated')).toEqual([]);
    });
  });

  it.each(SUBJECTS)('the subject %s is an observable naming an attribute that holds it', (subject) => {
    const record = toOcsfDetectionFinding(sampleFinding({ subject, resources: [] }), opts);
    expect(ocsfErrors(record)).toEqual([]);
    expect(record.observables.map((o) => o.value)).toContain(subject);
    expect(record.observables.map((o) => o.name).every((n) => !n.startsWith('unmapped'))).toBe(true);
  });

  it('a finding without evidence, MITRE ids, resources or events still validates', () => {
    const bare = sampleFinding({ evidence: {}, mitre: [], resources: [], eventIds: [], description: '', account: '', region: '' });
    for (const activity of ACTIVITIES) expect(ocsfErrors(toOcsfDetectionFinding(bare, { ...opts, activity }))).toEqual([]);
  });
});

describe('Function: validateOcsf (the validator itself catches what the schema forbids)', () => {
  const good = () => toOcsfDetectionFinding(sampleFinding(), opts) as unknown as Record<string, any>;

  it('accepts a good record', () => {
    expect(ocsfErrors(good())).toEqual([]);
  });

  it.each<[string, (r: Record<string, any>) => void, string]>([
    ['an attribute the class does not define', (r) => (r.subject = 'x'), 'subject: not defined by detection_finding'],
    ['one inside an object', (r) => (r.finding_info.owner = 'x'), 'finding_info.owner: not defined by finding_info'],
    ['a missing required attribute', (r) => delete r.finding_info.title, 'finding_info.title: required by finding_info'],
    ['a wrong type', (r) => (r.count = '2'), 'count: expected an integer (integer_t)'],
    ['seconds for milliseconds', (r) => (r.time = 1760000000), 'time: expected epoch milliseconds'],
    ['an enum value outside the enum', (r) => (r.severity_id = 7), 'severity_id: 7 is not one of'],
    ['a caption that does not match', (r) => (r.severity = 'Severe'), 'severity: "Severe" is not the caption of'],
    ['an activity caption that does not match', (r) => (r.activity_name = 'Update'), 'activity_name: "Update" is not the caption'],
    ['type_uid arithmetic', (r) => (r.type_uid = 200402), 'type_uid: expected class_uid * 100 + activity_id'],
    ['a scalar for an array', (r) => (r.finding_info.types = 'x'), 'finding_info.types: expected an array'],
    ['a profiled attribute without its profile', (r) => (r.metadata.profiles = []), 'cloud: attribute of profile "cloud"'],
    ['an unknown profile', (r) => r.metadata.profiles.push('nope'), 'metadata.profiles: unknown profile "nope"'],
    ['an unmet constraint', (r) => (r.metadata.product = { vendor_name: 'Vigil' }), 'metadata.product: product needs at least one'],
    ['an observable naming unmapped data', (r) => (r.observables[0].name = 'unmapped.subject'), 'names no attribute'],
    ['an observable naming nothing', (r) => (r.observables[0].name = 'subject'), 'names no attribute'],
    ['an observable whose value is elsewhere', (r) => (r.observables[0].value = 'other'), 'is not the value at'],
    ['a null', (r) => (r.message = null), 'message: null'],
  ])('rejects %s', (_what, spoil, expected) => {
    const record = good();
    spoil(record);
    expect(ocsfErrors(record).join('\n')).toContain(expected);
  });

  it('lets anything sit in unmapped', () => {
    const record = good();
    record.unmapped.anything = { nested: [1, 'two'] };
    expect(ocsfErrors(record)).toEqual([]);
  });
});
