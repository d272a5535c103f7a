import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTIONS } from '../shared/detections';
import { DETECTIONS_DOC, renderDetectionsMarkdown } from '../shared/detections/docs';

// `npm run docs:detections`: rewrites docs/detections.md from the registered detections.
const file = join(__dirname, '..', DETECTIONS_DOC);
writeFileSync(file, renderDetectionsMarkdown(DETECTIONS));
process.stdout.write(`wrote ${DETECTIONS_DOC}\n`);
