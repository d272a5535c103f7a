import { CrashParameterError } from '../errors';
import type { CrashDetection } from './types';

/** A detection's parameters from a stage's overrides (defaults for what is not given); a clear error when they do not pass. */
export function crashDetectionParameters<P, I>(detection: CrashDetection<P, I>, overrides: unknown = {}): P {
  const parsed = detection.parameters.safeParse(overrides);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CrashParameterError(`${detection.definition.id}: parameters do not pass: ${problems}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** A rate as a percentage with two decimals, for descriptions. */
export const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
