import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLAYBOOK_DETECTIONS } from '../../../bin/docs-incident-response';
import { ON_CALL } from '../../../infra/oncall';
import { toOpsGenieCreateAlert } from '../../../shared/alerts/opsgenie';
import { DETECTIONS, RELAYED_DETECTIONS, runbookFor } from '../../../shared/detections';
import { PIPELINE_DETECTIONS, allDrillTargets } from '../../../shared/drill';
import { validateOnCall } from '../../../shared/oncall';
import { INCIDENT_RESPONSE_DOCS, renderIncidentResponseDocs } from '../../../shared/oncall/playbookDocs';
import { sampleFinding } from '../alerts/sampleFinding';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
const generated = () => renderIncidentResponseDocs({ onCall: validateOnCall(ON_CALL), detections: PLAYBOOK_DETECTIONS });

test('the generated parts of docs/incident-response/ are up to date (run `npm run docs` when this fails)', () => {
  const docs = generated();
  expect(Object.keys(docs).sort()).toEqual(Object.values(INCIDENT_RESPONSE_DOCS).sort());
  const stale = Object.entries(docs)
    .filter(([path, text]) => read(path) !== text)
    .map(([path]) => path);
  expect(stale).toEqual([]);
});

test('the playbook links every registered, relayed and pipeline detection to its runbook, and every runbook exists', () => {
  const index = generated()[INCIDENT_RESPONSE_DOCS.runbooks]!;
  const ids = [...DETECTIONS, ...RELAYED_DETECTIONS, ...PIPELINE_DETECTIONS].map((d) => ('definition' in d ? d.definition.id : d.id));
  expect(PLAYBOOK_DETECTIONS.map((d) => d.definition.id)).toEqual(ids);
  expect(ids).toEqual(expect.arrayContaining(['guardduty-finding', 'pipeline-delivery-failures', 'pipeline-drill-failed']));
  // Every detection a drill covers has its runbook: the drill's list and the playbook's are the same.
  expect(allDrillTargets().map((t) => t.id)).toEqual(ids);
  for (const id of ids) expect(index).toContain(`[${id}.md](../runbooks/${id}.md)`);
  expect(ids.map(runbookFor).filter((path) => !existsSync(join(root, path)))).toEqual([]);
  expect(read('docs/incident-response/README.md')).toContain('[runbooks.md](runbooks.md)');
});

test('a detection without a runbook would be caught', () => {
  const missing = [...PLAYBOOK_DETECTIONS, { definition: { id: 'no-such-detection', title: 't', severity: 'high' as const }, source: 'x' }]
    .map((d) => runbookFor(d.definition.id))
    .filter((path) => !existsSync(join(root, path)));
  expect(missing).toEqual(['docs/runbooks/no-such-detection.md']);
});

test("every detection's alert carries its runbook, in the details and in the description", () => {
  for (const { definition } of PLAYBOOK_DETECTIONS) {
    const finding = sampleFinding({ detection: definition.id, severity: definition.severity, runbook: runbookFor(definition.id) });
    const body = toOpsGenieCreateAlert(finding, { stage: 'prod' });
    expect(body.details?.runbook).toBe(`docs/runbooks/${definition.id}.md`);
    expect(body.description).toContain(`Runbook: docs/runbooks/${definition.id}.md`);
  }
});

test('every relative link of the playbook points to a file that exists', () => {
  const files = [
    ...Object.values(INCIDENT_RESPONSE_DOCS),
    'docs/incident-response/README.md',
    'docs/incident-response/communication-templates.md',
    'docs/incident-response/post-mortem-template.md',
  ];
  const broken: string[] = [];
  for (const file of files) {
    for (const [, target] of read(file).matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
      if (!existsSync(join(root, dirname(file), target!))) broken.push(`${file} → ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
