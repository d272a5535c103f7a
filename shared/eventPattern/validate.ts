import { compilePattern } from './compile';
import { InvalidEventPatternError } from './errors';

export type PatternValidation = { valid: true } | { valid: false; error: string };

/** Like compilePattern, but reports the reason instead of throwing it. */
export function validatePattern(pattern: unknown): PatternValidation {
  try {
    compilePattern(pattern);
    return { valid: true };
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return { valid: false, error: error.message };
    throw error;
  }
}
