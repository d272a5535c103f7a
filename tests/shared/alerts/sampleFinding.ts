import type { Finding } from '../../../shared/findings/types';

/** A realistic finding (made-up ids and documentation IP ranges); override any field per test. */
export function sampleFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: '3f9c2a1b7d4e8f60a1b2c3d4e5f60718',
    detection: 'cloudtrail-stopped-or-deleted',
    severity: 'critical',
    title: 'CloudTrail logging stopped on trail org-trail',
    description: 'StopLogging was called on trail org-trail by an assumed role. Logging gaps hide follow-up activity.',
    subject: 'arn:aws:iam::111122223333:role/ci-deployer',
    dedupKey: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail',
    window: { start: '2026-10-09T07:55:00.000Z', end: '2026-10-09T08:00:00.000Z' },
    firstSeen: '2026-10-09T07:57:09.000Z',
    lastSeen: '2026-10-09T07:58:41.250Z',
    count: 2,
    eventIds: ['6f8e2b1c-0d3a-4c5e-9f7a-1b2c3d4e5f60', '7a9f3c2d-1e4b-4d6f-8a0b-2c3d4e5f6071'],
    mitre: ['T1562.008'],
    runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
    source: 'aws.cloudtrail',
    account: '111122223333',
    region: 'eu-west-1',
    resources: ['arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail'],
    evidence: { eventName: 'StopLogging', sourceIPAddress: '203.0.113.99', readOnly: false },
    ...overrides,
  };
}
