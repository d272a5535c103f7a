import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { runLocalDrill } from '../../../bin/commands/drillLocal';
import { ocsfErrors } from '../../helpers/ocsfValidator';

/**
 * `vigil drill` on the embedded runtime: the real alert-router function, OpsGenie and HEC stand-ins. One
 * runtime per test file: Powertools' secret cache lives in node_modules and outlives a runtime.
 */

test('drills page, reach the SIEM with indexer acknowledgement, and are closed afterwards', async () => {
  const detections = ['root-console-login', 'guardduty-finding', 'pipeline-delivery-failures', 'pipeline-drill-failed'];
  const config = parseLocalConfig({ routing: { runbookBaseUrl: 'https://git.example.com/vigil/blob/main/' } });
  const { report, standIns } = await runLocalDrill({ detections, config });
  expect(report.verdict).toBe('pass');
  expect(report.rows.map((r) => [r.detection, r.opsgenie, r.siem, r.verdict])).toEqual([
    ['root-console-login', 'created alert', 'indexed (ack)', 'pass'],
    ['guardduty-finding', 'not paged (low)', 'indexed (ack)', 'pass'],
    ['pipeline-delivery-failures', 'created alert', 'indexed (ack)', 'pass'],
    ['pipeline-drill-failed', 'created alert', 'indexed (ack)', 'pass'],
  ]);
  // Three pages, each marked and carrying its runbook link; all closed by alias afterwards.
  const alerts = standIns.opsgenie!.alerts;
  expect(alerts).toHaveLength(3);
  for (const alert of alerts) {
    expect(alert.status).toBe('closed');
    expect(alert.tags).toContain('drill');
    expect(alert.message).toMatch(/^\[DRILL\] /);
    const detection = (alert.body.details as Record<string, string>).detection;
    expect((alert.body.details as Record<string, string>).runbook).toBe(
      `https://git.example.com/vigil/blob/main/docs/runbooks/${detection}.md`,
    );
  }
  // The SIEM: a Create (through the router) and a Close (the drill) per detection, each valid OCSF 1.3, marked.
  const records = standIns.siemEvents.map((e) => e.envelope.event as Record<string, any>);
  expect(records.map((r) => r.activity_name).sort()).toEqual([...Array(4).fill('Close'), ...Array(4).fill('Create')]);
  for (const record of records) {
    expect(ocsfErrors(record)).toEqual([]);
    expect(record.metadata.labels).toContain('drill');
    expect(record.remediation.references[0]).toMatch(/^https:\/\/git\.example\.com\/vigil\/blob\/main\/docs\/runbooks\/[a-z0-9-]+\.md$/);
  }
});
