import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatisticsFile } from '../../../../shared/drift';
import { parseStatisticsFile } from '../../../../shared/drift';
import type { DataQualityConstraints } from '../../../../shared/modelMonitor/check';
import { parseDataQualityConstraints } from '../../../../shared/modelMonitor/check';

/** The fixtures the check tests read: a baseline's constraints (tests/fixtures) and the drift conformance statistics. */
const root = join(__dirname, '..', '..', '..');
export const constraintsPath = join(root, 'fixtures', 'model-monitor', 'data-quality', 'constraints.json');
export const statisticsPath = (run: string) => join(root, 'conformance', 'drift', 'model-monitor', run, 'statistics.json');
export const modelQualityPath = (name: string) => join(root, 'fixtures', 'model-monitor', 'model-quality', name);

export const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** A fresh copy each call, so a test may change it. */
export const constraints = (): DataQualityConstraints => parseDataQualityConstraints(readJson(constraintsPath), 'constraints.json');
export const statistics = (run: string): StatisticsFile => parseStatisticsFile(readJson(statisticsPath(run)), `${run}/statistics.json`);

/** The SciPy reference distances of tests/conformance/drift/model-monitor.json, per run and feature. */
export function referenceDistance(run: string, feature: string): { simple: number; robust: number } {
  const all = readJson(join(root, 'conformance', 'drift', 'model-monitor.json')) as {
    runs: Record<string, { name: string; baselineDistance?: { simple: number; robust: number } }[]>;
  };
  const found = all.runs[run]!.find((f) => f.name === feature)!;
  return found.baselineDistance!;
}

export const feature = (file: StatisticsFile, name: string) => file.features.find((f) => f.name === name)!;
