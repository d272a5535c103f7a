import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageParams } from '../../../bin/commands/drillStage';
import { manifest } from '../../../functions/alert-drill/manifest';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { DrillConfigSchema, parseDrillConfig, DrillConfigError } from '../../../shared/drill';

/** The playbook's drill schedule (docs/incident-response/README.md, section 6) says what the scheduled drill does. */

const README = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'incident-response', 'README.md'), 'utf8');
const schedule = README.slice(README.indexOf('## 6. Drill schedule'), README.indexOf('## 7.'));
const cadence = (stage: string) => parseDrillConfig(stageParams(stage).alertDrill).everyHours;

test('the scheduled drill fires hourly, as the playbook says', () => {
  expect(manifest.triggers).toEqual([expect.objectContaining({ kind: 'schedule', expression: 'rate(1 hour)' })]);
  expect(schedule).toContain('hourly it finishes the drill it started');
});

test("each stage's cadence in serverless.yml is the playbook's: staging daily, production weekly (the default)", () => {
  expect(DrillConfigSchema.parse({}).everyHours).toBe(168);
  expect(cadence('staging')).toBe(24);
  expect(cadence('prod')).toBe(168);
  expect(schedule).toMatch(/staging \| scheduled drill \(functions\/alert-drill, `alertDrill\.everyHours` 24\).* \| daily \|/);
  expect(schedule).toMatch(/production \| scheduled drill \(`alertDrill\.everyHours` 168, the default\) \| weekly \|/);
});

test('the embedded runtime does not drill unless asked, and cannot wait inside an invocation', () => {
  expect(parseLocalConfig({}).drill).toMatchObject({ enabled: false, finishWithinSeconds: 0 });
  expect(parseLocalConfig({ drill: { enabled: true } }).drill).toMatchObject({ enabled: true, finishWithinSeconds: 0 });
  expect(() => parseLocalConfig({ drill: { finishWithinSeconds: 60 } })).toThrow();
});

test('a bad drill configuration is refused with its problems', () => {
  expect(() => parseDrillConfig('{"everyHours":0}')).toThrow(DrillConfigError);
  expect(() => parseDrillConfig('{nope')).toThrow(/not valid JSON/);
  expect(() => parseDrillConfig({ detections: [] })).toThrow(/detections/);
});
