import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTelemetrySpecMarkdown, TELEMETRY_SPEC_DOC } from '../shared/telemetry/specDocs';

// `npm run docs:telemetry`: rewrites docs/telemetry-spec.md (the Mobile Telemetry Spec) from events/telemetry.
const file = join(__dirname, '..', TELEMETRY_SPEC_DOC);
writeFileSync(file, renderTelemetrySpecMarkdown());
process.stdout.write(`wrote ${TELEMETRY_SPEC_DOC}\n`);
