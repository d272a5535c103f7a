import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ON_CALL } from '../infra/oncall';
import { DETECTIONS, RELAYED_DETECTIONS } from '../shared/detections';
import { PIPELINE_DETECTIONS } from '../shared/drill/targets';
import { validateOnCall } from '../shared/oncall';
import { renderIncidentResponseDocs, type RunbookEntry } from '../shared/oncall/playbookDocs';

/** The function that raises each pipeline detection. */
const PIPELINE_SOURCES: Record<string, string> = { 'pipeline-delivery-failures': 'outbox-drain', 'pipeline-drill-failed': 'alert-drill' };

/** The detections the playbook indexes: the registered ones, the relayed ones, then the pipeline's own. */
export const PLAYBOOK_DETECTIONS: RunbookEntry[] = [
  ...DETECTIONS.map((d) => ({ definition: d.definition, source: 'detector' })),
  ...RELAYED_DETECTIONS.map((d) => ({ definition: d.definition, source: d.source.function })),
  ...PIPELINE_DETECTIONS.map((definition) => ({ definition, source: `pipeline:${PIPELINE_SOURCES[definition.id]}` })),
];

// `npm run docs:incident-response`: rewrites the generated parts of docs/incident-response/.
if (require.main === module) {
  const docs = renderIncidentResponseDocs({ onCall: validateOnCall(ON_CALL), detections: PLAYBOOK_DETECTIONS });
  for (const [path, text] of Object.entries(docs)) {
    writeFileSync(join(__dirname, '..', path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
