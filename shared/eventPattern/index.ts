export { compilePattern } from './compile';
export type { CompiledPattern } from './compiledPattern';
export { EventPatternError, InvalidEventPatternError } from './errors';
export { MAX_EVENT_PATTERN_LENGTH, MAX_OR_COMBINATIONS, MAX_WILDCARD_COMPLEXITY } from './limits';
export { matchesPattern } from './match';
export type { Rule } from './ruleSet';
export { RuleSet } from './ruleSet';
export type { PatternValidation } from './validate';
export { validatePattern } from './validate';
