import { DataQualityConstraintsSchema, type DataQualityConstraints } from '../constraintsSchema';
import { InvalidConstraintsError } from './errors';

/** The schema is shared/modelMonitor/constraintsSchema.ts, the one the model monitor reads runs' constraints with. */
export { DataQualityConstraintsSchema, INFERRED_TYPES } from '../constraintsSchema';
export type { DataQualityConstraints, FeatureConstraint, InferredType } from '../constraintsSchema';

/** Validates a parsed data-quality constraints.json; `source` names it in the error. */
export function parseDataQualityConstraints(value: unknown, source: string): DataQualityConstraints {
  const result = DataQualityConstraintsSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidConstraintsError(`${source}: not a Model Monitor data-quality constraints.json: ${issue.message}${at}`);
  }
  const names = new Set<string>();
  for (const feature of result.data.features) {
    if (names.has(feature.name)) throw new InvalidConstraintsError(`${source}: feature "${feature.name}" appears twice`);
    names.add(feature.name);
  }
  return result.data;
}
