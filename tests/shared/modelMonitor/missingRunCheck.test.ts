import { configureRelay } from '../../../shared/detections';
import type { FindingPublisher, FindingStore } from '../../../shared/findings';
import { InMemoryRunLog, MissingRunCheck, modelMonitorJobFailed } from '../../../shared/modelMonitor';

const schedule = 'fraud-scorer-data-quality-hourly';

async function check(runTimes: string[], now: string, graceMinutes = 30) {
  const runs = new InMemoryRunLog();
  for (const runTime of runTimes) await runs.record({ schedule, runTime, job: `job-${runTime}`, model: 'm' });
  const detection = configureRelay(modelMonitorJobFailed, {
    'model-monitor-job-failed': { parameters: { schedules: { [schedule]: { everyMinutes: 60, graceMinutes } } } },
  });
  const unused = {} as FindingStore & FindingPublisher;
  const found = await new MissingRunCheck({ detection, runs, findings: unused, publisher: unused }).missing(new Date(now));
  return found.map((m) => m.windowEnd.toISOString());
}

describe('MissingRunCheck', () => {
  it('names the windows past their grace with no run, and not those still within it', async () => {
    const runs = ['2026-11-20T08:00:00.000Z', '2026-11-20T09:00:00.000Z', '2026-11-20T11:00:00.000Z'];
    expect(await check(runs, '2026-11-20T12:20:00Z')).toEqual(['2026-11-20T10:00:00.000Z']);
    expect(await check(runs, '2026-11-20T12:40:00Z')).toEqual(['2026-11-20T12:00:00.000Z', '2026-11-20T10:00:00.000Z']);
  });

  it('a run whose data window ends a little off the hour counts for its window', async () => {
    expect(await check(['2026-11-20T08:00:00.000Z', '2026-11-20T09:10:00.000Z'], '2026-11-20T09:50:00Z')).toEqual([]);
  });

  it('expects nothing before the schedule first ran, and nothing of a schedule never seen', async () => {
    expect(await check(['2026-11-20T09:00:00.000Z'], '2026-11-20T09:45:00Z')).toEqual([]);
    expect(await check([], '2026-11-20T09:45:00Z')).toEqual([]);
  });
});
