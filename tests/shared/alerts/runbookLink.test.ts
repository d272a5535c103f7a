import { toOcsfDetectionFinding, toOpsGenieCreateAlert } from '../../../shared/alerts';
import { runbookLink } from '../../../shared/alerts/runbookLink';
import { RoutingConfigError, parseRoutingConfig } from '../../../shared/routing';
import { ocsfErrors } from '../../helpers/ocsfValidator';
import { sampleFinding } from './sampleFinding';

const BASE = 'https://git.example.com/vigil/blob/main';

test('a runbook link is the base and the repository path, or the path alone without a base', () => {
  expect(runbookLink('docs/runbooks/x.md', `${BASE}/`)).toBe(`${BASE}/docs/runbooks/x.md`);
  expect(runbookLink('docs/runbooks/x.md', BASE)).toBe(`${BASE}/docs/runbooks/x.md`);
  expect(runbookLink('docs/runbooks/x.md')).toBe('docs/runbooks/x.md');
});

test('the OpsGenie alert carries the link in its description and details; the OCSF record in remediation and unmapped', () => {
  const finding = sampleFinding();
  const link = `${BASE}/${finding.runbook}`;
  const body = toOpsGenieCreateAlert(finding, { stage: 'prod', runbookBaseUrl: BASE });
  expect(body.details.runbook).toBe(link);
  expect(body.description).toContain(`Runbook: ${link}`);
  const record = toOcsfDetectionFinding(finding, { productVersion: '0.1.0', stage: 'prod', runbookBaseUrl: BASE });
  expect(record.remediation).toEqual({ desc: `Runbook: ${link}`, references: [link] });
  expect(record.unmapped.runbook).toBe(link);
  expect(ocsfErrors(record)).toEqual([]);
  // Unset: the repository path, as before.
  expect(toOcsfDetectionFinding(finding, { productVersion: '0.1.0', stage: 'prod' }).remediation.references).toEqual([finding.runbook]);
});

test('runbookBaseUrl is validated with the routing configuration at cold start', () => {
  expect(parseRoutingConfig({ runbookBaseUrl: `${BASE}/` }).runbookBaseUrl).toBe(BASE);
  expect(parseRoutingConfig({}).runbookBaseUrl).toBeUndefined();
  expect(() => parseRoutingConfig({ runbookBaseUrl: 'ftp://git.example.com/vigil' })).toThrow(RoutingConfigError);
  expect(() => parseRoutingConfig({ runbookBaseUrl: 'not a url' })).toThrow(/runbookBaseUrl must be an http\(s\) URL/);
});
