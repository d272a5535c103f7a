import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageParams } from '../../../bin/commands/drillStage';
import { manifest } from '../../../functions/alert-drill/manifest';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { DrillConfigSchema, parseDrillConfig, DrillConfigError, inDrillWindow } from '../../../shared/drill';

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
  expect(schedule).toMatch(
    /staging \| scheduled drill \(functions\/alert-drill, `alertDrill\.everyHours` 24\).* \| daily, on weekdays 10:00 to 16:00 UTC \|/,
  );
  expect(schedule).toMatch(
    /production \| scheduled drill \(`alertDrill\.everyHours` 168, the default\) \| weekly, on weekdays 10:00 to 16:00 UTC \|/,
  );
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

test('a due drill starts in working hours only: weekdays 10:00 to 16:00 UTC by default, as the playbook says', () => {
  const window = DrillConfigSchema.parse({}).startWithin;
  expect(window).toEqual({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], fromHour: 10, toHour: 16, timeZone: 'UTC' });
  expect(schedule.replace(/\s+/g, ' ')).toContain('weekdays 10:00 to 16:00 UTC by default');
  const at = (iso: string) => Date.parse(iso);
  expect(inDrillWindow(at('2026-12-01T10:00:00Z'), window)).toBe(true); // a Tuesday, the window opens
  expect(inDrillWindow(at('2026-12-01T15:59:59Z'), window)).toBe(true);
  expect(inDrillWindow(at('2026-12-01T16:00:00Z'), window)).toBe(false); // it closes
  expect(inDrillWindow(at('2026-12-01T03:00:00Z'), window)).toBe(false); // 3 a.m.
  expect(inDrillWindow(at('2026-12-05T12:00:00Z'), window)).toBe(false); // a Saturday
  expect(inDrillWindow(at('2026-12-05T03:00:00Z'), 'any')).toBe(true);
});

test('the window reads hours and days in its own time zone', () => {
  const berlin = parseDrillConfig({ startWithin: { timeZone: 'Europe/Berlin', fromHour: 9, toHour: 12, days: ['Mon'] } }).startWithin;
  // 08:30 UTC on Monday 30 November is 09:30 in Berlin (CET, UTC+1); 23:30 UTC on Sunday is already Monday there, but 00:30.
  expect(inDrillWindow(Date.parse('2026-11-30T08:30:00Z'), berlin)).toBe(true);
  expect(inDrillWindow(Date.parse('2026-11-30T07:30:00Z'), berlin)).toBe(false);
  expect(inDrillWindow(Date.parse('2026-11-29T23:30:00Z'), berlin)).toBe(false);
  expect(inDrillWindow(Date.parse('2026-11-30T10:59:00Z'), berlin)).toBe(true);
});

test('a bad start window is refused with its problem', () => {
  expect(() => parseDrillConfig({ startWithin: { timeZone: 'Mars/Olympus' } })).toThrow(/IANA time zone/);
  expect(() => parseDrillConfig({ startWithin: { fromHour: 16, toHour: 10 } })).toThrow(/fromHour must be before toHour/);
  expect(() => parseDrillConfig({ startWithin: { days: ['Funday'] } })).toThrow(DrillConfigError);
});
