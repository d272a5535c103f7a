import { writeFileSync } from 'node:fs';
import { monitoringRunEvent } from '../tests/helpers/modelMonitorEvents';
const e = monitoringRunEvent({ id: '0a5e7c1d-0000-4000-8000-000000000001', end: '2026-11-01T00:00:00Z', reportKey: 'reports/x/daily/1' });
writeFileSync('scratch/e.jsonl', JSON.stringify(e) + '\n');
