import type { EventPath } from './eventPath';
import type { ValueCondition } from './valueCondition';

/** One field of a (sub-)pattern: where to look in the event, and what to accept there. */
export interface FieldCondition {
  /** The dotted path, as event-ruler names it (`detail.state.status`). */
  readonly path: string;
  readonly eventPath: EventPath;
  readonly condition: ValueCondition;
}

/** One alternative of a pattern after `$or` expansion: every field must hold. */
export interface CompiledBranch {
  /** Sorted by path: the order event-ruler visits fields in, which decides how exists:false sees array elements. */
  readonly fields: readonly FieldCondition[];
  /** Indexes into `fields`, cheapest to resolve first (fewest path segments, so `source` and `detail-type`). */
  readonly evaluationOrder: readonly number[];
}

/** A validated pattern, ready to be matched any number of times. Build it with `compilePattern`. */
export class CompiledPattern {
  /** @internal use compilePattern */
  constructor(
    /** The `$or` alternatives; the pattern matches when any of them does. Never empty. */
    readonly branches: readonly CompiledBranch[],
  ) {}
}
