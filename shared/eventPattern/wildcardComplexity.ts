import type { WildcardPattern } from './wildcard';

/**
 * EventBridge (not event-ruler) rejects rules whose wildcard matching could get too expensive: "Rule is too complex".
 * The service's measure is event-ruler's MachineComplexityEvaluator, the largest number of wildcard-pattern states an
 * input value can keep alive at once, and its threshold is not published.
 *
 * This is an independent estimate of that measure. The wildcard patterns of one field run as one automaton whose
 * states are the positions between pattern characters; patterns share their states up to and including their first
 * wildcard (the deterministic prefix is one trie), and keep their own states after it. The estimate is the largest
 * number of distinct live, non-final states over every input, found by exploring the subset construction.
 *
 * With a limit of 10 it agrees with every AWS-recorded data point: `arn:aws:events:us-east-1:*:event-bus/*` (4)
 * and `/Users/*\/dir/dir/dir/dir/dir/doc.txt` (8) are accepted, `*:*:*:*:*:event-bus/*` (12) is rejected; three
 * `*:stack/<name>/*` values on one field are accepted (10) and four rejected (13).
 */

/** Gives up (and accepts) beyond this many automaton configurations rather than spend unbounded time compiling. */
const MAX_EXPLORED_CONFIGURATIONS = 10_000;
const WILDCARD = -1;
const ANY_OTHER_CHARACTER = -2;

export function wildcardComplexityExceeds(patterns: readonly WildcardPattern[], limit: number): boolean {
  const automaton = buildAutomaton(patterns);
  const start = closure(automaton, automaton.starts);
  const seen = new Set<string>();
  const pending: number[][] = [start];
  while (pending.length > 0) {
    const states = pending.pop()!;
    const signature = states.join(',');
    if (seen.has(signature)) continue;
    seen.add(signature);
    if (liveWeight(automaton, states) > limit) return true;
    if (seen.size > MAX_EXPLORED_CONFIGURATIONS) return false;
    for (const symbol of automaton.alphabet) {
      const next = step(automaton, states, symbol);
      if (next.length > 0) pending.push(next);
    }
  }
  return false;
}

interface Automaton {
  /** token of each state: a character code, WILDCARD, or undefined for a final state. */
  readonly tokens: (number | undefined)[];
  /** Key under which a state is counted: states of the shared deterministic prefix count once. */
  readonly weightKeys: string[];
  readonly starts: number[];
  readonly alphabet: number[];
}

function buildAutomaton(patterns: readonly WildcardPattern[]): Automaton {
  const tokens: (number | undefined)[] = [];
  const weightKeys: string[] = [];
  const starts: number[] = [];
  const alphabet = new Set<number>([ANY_OTHER_CHARACTER]);

  patterns.forEach((pattern, patternIndex) => {
    const sequence = toTokens(pattern);
    const firstWildcard = sequence.indexOf(WILDCARD);
    const sharedUpTo = firstWildcard === -1 ? sequence.length : firstWildcard;
    starts.push(tokens.length);
    for (let position = 0; position <= sequence.length; position++) {
      const token = sequence[position];
      tokens.push(token);
      if (token !== undefined && token !== WILDCARD) alphabet.add(token);
      weightKeys.push(
        position <= sharedUpTo ? `prefix:${String.fromCharCode(...sequence.slice(0, position))}` : `own:${patternIndex}:${position}`,
      );
    }
  });
  return { tokens, weightKeys, starts, alphabet: [...alphabet] };
}

function toTokens(pattern: WildcardPattern): number[] {
  const sequence: number[] = [];
  pattern.pieces.forEach((piece, index) => {
    if (index > 0) sequence.push(WILDCARD);
    for (let i = 0; i < piece.length; i++) sequence.push(piece.charCodeAt(i));
  });
  return sequence;
}

/** Adds the states reachable without reading a character (skipping a wildcard that matches nothing). */
function closure(automaton: Automaton, states: readonly number[]): number[] {
  const result = new Set<number>();
  for (let state of states) {
    result.add(state);
    while (automaton.tokens[state] === WILDCARD) {
      state++;
      result.add(state);
    }
  }
  return [...result].sort((a, b) => a - b);
}

function step(automaton: Automaton, states: readonly number[], symbol: number): number[] {
  const next: number[] = [];
  for (const state of states) {
    const token = automaton.tokens[state];
    if (token === WILDCARD) next.push(state);
    else if (token === symbol) next.push(state + 1);
  }
  return closure(automaton, next);
}

function liveWeight(automaton: Automaton, states: readonly number[]): number {
  const counted = new Set<string>();
  for (const state of states) {
    if (automaton.tokens[state] !== undefined) counted.add(automaton.weightKeys[state]!);
  }
  return counted.size;
}
