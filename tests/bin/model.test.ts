import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelCommand } from '../../bin/commands/model';
import { constraintsPath, modelQualityPath, statisticsPath } from '../shared/modelMonitor/check/files';
import { runCommand } from '../helpers/runCommand';

/** `vigil model check` run in-process: its output, notes, errors and exit codes. */

const run = (...argv: string[]) => runCommand(modelCommand, argv);

const dir = mkdtempSync(join(tmpdir(), 'vigil-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('vigil model check', () => {
  test('a drifted run: constraint_violations.json on stdout, exit 0', async () => {
    const result = await run(
      'check',
      '--statistics',
      statisticsPath('run-drifted'),
      '--constraints',
      constraintsPath,
      '--baseline-statistics',
      statisticsPath('baseline'),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(['violations']);
    expect(
      output.violations.map((v: { feature_name: string; constraint_check_type: string }) => [v.feature_name, v.constraint_check_type]),
    ).toEqual([
      ['account_balance', 'baseline_drift_check'],
      ['session_seconds', 'baseline_drift_check'],
      ['country', 'categorical_values_check'],
      ['plan', 'baseline_drift_check'],
    ]);
  });

  test('a steady run: no violation, exit 0; without --baseline-statistics a note on stderr', async () => {
    const steady = await run('check', '--statistics', statisticsPath('run-steady'), '--constraints', constraintsPath);
    expect(steady.code).toBe(0);
    expect(JSON.parse(steady.stdout)).toEqual({ violations: [] });
    expect(steady.stderr).toMatch(/^vigil model check: note: baseline_drift_check not evaluated: .*--baseline-statistics/);
  });

  test('model quality: metric violations in the container form', async () => {
    const result = await run(
      'check',
      '--statistics',
      modelQualityPath('regression-run-statistics.json'),
      '--constraints',
      modelQualityPath('regression-constraints.json'),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).violations[0]).toEqual({
      metric_name: 'mse',
      constraint_check_type: 'GreaterThanThreshold',
      description: 'Metric mse with 13.05 was GreaterThanThreshold 11.52',
    });
  });

  test.each([
    [
      ['check', '--statistics', '/nonexistent/statistics.json', '--constraints', constraintsPath],
      /nonexistent\/statistics\.json: no such file/,
    ],
    [
      ['check', '--statistics', statisticsPath('run-steady'), '--constraints', file('bad.json', '{"features": [')],
      /bad\.json: not valid JSON/,
    ],
    [
      [
        'check',
        '--statistics',
        statisticsPath('run-steady'),
        '--constraints',
        file('types.json', '{"features": [{"name": "a", "inferred_type": "Date"}]}'),
      ],
      /types\.json: not a Model Monitor data-quality constraints\.json: .* at features\.0\.inferred_type/,
    ],
    [
      ['check', '--statistics', statisticsPath('run-steady'), '--constraints', file('other.json', '{"rules": []}')],
      /other\.json: not a Model Monitor constraints\.json/,
    ],
    [
      ['check', '--statistics', file('stats.json', '{"features": {}}'), '--constraints', constraintsPath],
      /stats\.json: not a Model Monitor statistics\.json/,
    ],
    [
      ['check', '--statistics', modelQualityPath('binary-run-statistics.json'), '--constraints', constraintsPath],
      /holds model-quality statistics, but .*constraints\.json data-quality constraints/,
    ],
    [['check', '--constraints', constraintsPath], /--statistics FILE is required/],
    [['check', '--statistics', 'a', '--constraints', 'b', '--threshold', '1'], /unknown option "--threshold"/],
    [['inspect'], /unknown sub-command "inspect"/],
  ])('could not do its job: exit 2 with the reason (%j)', async (argv, reason) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
  });

  test('--help prints the usage', async () => {
    const result = await run('check', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: vigil model check --statistics');
  });
});
