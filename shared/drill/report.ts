import type { DrillRow, DrillRunRecord } from './DrillRunRecord';

/** The drill's result as `vigil drill --json` prints it and the scheduled drill logs it. */
export interface DrillReport {
  runId: string;
  stage: string;
  verdict: 'pass' | 'fail';
  passed: number;
  failed: number;
  rows: DrillRow[];
}

export function drillReport(run: DrillRunRecord, rows: readonly DrillRow[]): DrillReport {
  const failed = rows.filter((r) => r.verdict === 'fail').length;
  return {
    runId: run.runId,
    stage: run.stage,
    verdict: failed === 0 ? 'pass' : 'fail',
    passed: rows.length - failed,
    failed,
    rows: [...rows],
  };
}

/** The table: detection, OpsGenie, SIEM, latency, verdict; then each failure's problems. */
export function renderDrillTable(report: DrillReport): string {
  const header = ['detection', 'OpsGenie', 'SIEM', 'latency', 'verdict'];
  const body = report.rows.map((r) => [
    r.detection,
    r.opsgenie,
    r.siem,
    r.latencyMs === undefined ? '-' : `${r.latencyMs} ms`,
    r.verdict === 'pass' ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const failures = report.rows.filter((r) => r.problems.length > 0).map((r) => `  ${r.detection}: ${r.problems.join('; ')}`);
  return [
    `Drill ${report.runId} (stage ${report.stage})`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `${report.passed} passed, ${report.failed} failed${report.verdict === 'pass' ? '' : ':'}`,
    ...failures,
    '',
  ].join('\n');
}
