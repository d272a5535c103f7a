import type { StatisticsFile } from '../../drift';
import type { DataQualityConstraints } from './dataQualityConstraints';
import type { DataQualityViolation } from './violation';

/**
 * missing_column_check and extra_column_check: the run has fewer (more) columns than the baseline's constraints.
 * One violation per column, named, so the reader sees which column went; the description gives both counts.
 */
export function columnChecks(constraints: DataQualityConstraints, statistics: StatisticsFile): DataQualityViolation[] {
  const expected = new Set(constraints.features.map((f) => f.name));
  const observed = new Set(statistics.features.map((f) => f.name));
  const counts = `Number of columns in current dataset: ${observed.size}, Number of columns in baseline constraints: ${expected.size}`;
  const violations: DataQualityViolation[] = [];
  for (const name of expected) {
    if (observed.has(name)) continue;
    violations.push({
      feature_name: name,
      constraint_check_type: 'missing_column_check',
      description: `There are missing columns in current dataset: "${name}" is not in it. ${counts}`,
    });
  }
  for (const name of observed) {
    if (expected.has(name)) continue;
    violations.push({
      feature_name: name,
      constraint_check_type: 'extra_column_check',
      description: `There are extra columns in current dataset: "${name}" is not in the baseline. ${counts}`,
    });
  }
  return violations;
}
