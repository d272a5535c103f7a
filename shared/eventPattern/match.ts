import type { CompiledBranch } from './compiledPattern';
import { CompiledPattern } from './compiledPattern';
import { EventPatternError } from './errors';
import type { Membership } from './eventPath';
import { LeafCollector, membershipsAgree, mergeMemberships, NO_MEMBERSHIP } from './eventPath';
import type { ValueCondition } from './valueCondition';

/**
 * Whether `event` (a parsed JSON object) matches the compiled pattern. Anything but a JSON object matches nothing,
 * as EventBridge refuses such events.
 *
 * Only the paths the pattern names are visited. A field whose leaves sit outside any array of objects is decided on
 * the spot, in cheapest-first order, so most non-matching events are rejected after one or two property lookups.
 * Fields that reach into arrays of objects are decided together at the end, under array consistency.
 */
export function matchesPattern(compiled: CompiledPattern, event: unknown): boolean {
  if (!(compiled instanceof CompiledPattern)) {
    throw new EventPatternError('matchesPattern expects a pattern built by compilePattern');
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const root = event as Record<string, unknown>;
  for (const branch of compiled.branches) {
    if (branchMatches(branch, root)) return true;
  }
  return false;
}

const collector = new LeafCollector();

/** A field whose leaves carry array memberships, kept for the consistency search. */
interface EntangledField {
  /** Position in the branch's path order. */
  readonly order: number;
  readonly condition: ValueCondition;
  /** Memberships of the leaves the condition accepts, duplicates removed. */
  readonly acceptedMemberships: readonly Membership[];
  /** Memberships of every leaf, for exists:false. */
  readonly allMemberships: readonly Membership[];
}

function branchMatches(branch: CompiledBranch, root: Record<string, unknown>): boolean {
  const { fields, evaluationOrder } = branch;
  let entangled: EntangledField[] | null = null;
  for (let k = 0; k < evaluationOrder.length; k++) {
    const order = evaluationOrder[k]!;
    const { eventPath, condition } = fields[order]!;
    const leaves = collector.collect(root, eventPath);
    if (leaves.hasMembership) {
      const field = toEntangledField(order, condition, leaves);
      if (field.acceptedMemberships.length === 0 && !condition.matchesAbsence) return false;
      (entangled ??= []).push(field);
    } else if (!holdsWithoutArrays(condition, leaves)) {
      return false;
    }
  }
  if (entangled === null) return true;
  entangled.sort((a, b) => a.order - b.order);
  return holdsConsistently(entangled, 0, NO_MEMBERSHIP);
}

/** No leaf belongs to an element of an array of objects, so array consistency cannot restrict this field. */
function holdsWithoutArrays(condition: ValueCondition, leaves: LeafCollector): boolean {
  const { count, values } = leaves;
  if (count === 0) return condition.matchesAbsence;
  for (let i = 0; i < count; i++) {
    if (condition.matchesLeaf(values[i]!)) return true;
  }
  return false;
}

function toEntangledField(order: number, condition: ValueCondition, leaves: LeafCollector): EntangledField {
  const acceptedMemberships: Membership[] = [];
  for (let i = 0; i < leaves.count; i++) {
    const membership = leaves.memberships[i]!;
    if (condition.matchesLeaf(leaves.values[i]!) && !acceptedMemberships.some((m) => sameMembership(m, membership))) {
      acceptedMemberships.push(membership);
    }
  }
  return { order, condition, acceptedMemberships, allMemberships: leaves.memberships.slice(0, leaves.count) };
}

/**
 * Array consistency, as event-ruler's finder does it: fields are taken in path order, each choosing a leaf whose
 * array elements agree with those chosen so far. `exists:false` holds when no leaf of its path agrees with the
 * elements chosen *so far*: so it is checked per element against the fields that sort before it (for
 * `{"employees": {"firstName": ["Anna"], "ids": [{"exists": false}]}}`, against Anna's element), exactly like the
 * library, which AWS runs.
 */
function holdsConsistently(fields: readonly EntangledField[], index: number, chosen: Membership): boolean {
  if (index === fields.length) return true;
  const field = fields[index]!;
  for (const membership of field.acceptedMemberships) {
    const merged = mergeMemberships(chosen, membership);
    if (merged !== null && holdsConsistently(fields, index + 1, merged)) return true;
  }
  if (field.condition.matchesAbsence && !field.allMemberships.some((m) => membershipsAgree(chosen, m))) {
    return holdsConsistently(fields, index + 1, chosen);
  }
  return false;
}

function sameMembership(a: Membership, b: Membership): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
