import type { JsonLeaf } from './leafMatchers';

/**
 * Resolving one pattern path in an event without flattening the event.
 *
 * event-ruler names a leaf by its object keys joined with `.`, array indices left out. So the pattern path
 * `detail.state.status` is reached by `detail → state → status`, but also by an event key `"state.status"` under
 * `detail`, or by a top-level key `"detail.state"`. At each object the walk therefore tries every key that joins a run
 * of the remaining segments; the keys are built once per path, at compile time.
 */

/** One key to look up in an object, and the segment the walk resumes from if it is present. */
interface KeyStep {
  readonly key: string;
  readonly next: number;
  /** The key names an Object.prototype member (`constructor`, `toString`...): own properties only. */
  readonly shadowsPrototype: boolean;
}

export interface EventPath {
  readonly segmentCount: number;
  /** `keysFrom[i]`: the keys to try on an object reached with segments i.. still to match. */
  readonly keysFrom: readonly (readonly KeyStep[])[];
}

export function compileEventPath(path: string): EventPath {
  const segments = path.split('.');
  const keysFrom = segments.map((_, start) => {
    const steps: KeyStep[] = [];
    for (let end = start + 1; end <= segments.length; end++) {
      const key = internalized(segments.slice(start, end).join('.'));
      steps.push({ key, next: end, shadowsPrototype: key in Object.prototype });
    }
    return steps;
  });
  return { segmentCount: segments.length, keysFrom };
}

/**
 * The same text as a property-key string. Engines keep property names in a string table; a key built at run time is
 * not in it, and looking such a key up (as every dotted alternative is, and usually misses) takes a slow path each
 * time. Going through an object key once yields the table's copy.
 */
function internalized(key: string): string {
  return Object.keys({ [key]: true })[0]!;
}

/**
 * Array membership of a leaf: for every array of objects (or of arrays) the walk went through, that array and the
 * index of the element taken, as a flat `[array, index, array, index, ...]` list. Two leaves can be used together
 * only if they agree on the index of every array they share (event-ruler's "array consistency").
 */
export type Membership = readonly unknown[];

export const NO_MEMBERSHIP: Membership = [];

/**
 * Collects the leaves of one path at a time. Matching is synchronous and never re-entered, so one collector per
 * caller serves every call: storage is reused (slots past `count` are stale) and the common case, a handful of
 * leaves outside any array of objects, allocates nothing.
 */
export class LeafCollector {
  /** Number of leaves found by the last `collect`. */
  count = 0;
  /** `values[i]`, i < count: the leaves, in event order. */
  readonly values: JsonLeaf[] = [];
  /** `memberships[i]`, i < count: NO_MEMBERSHIP when the leaf is outside every array of objects. */
  readonly memberships: Membership[] = [];
  /** True when some leaf has a non-empty membership, i.e. array consistency may matter for this path. */
  hasMembership = false;

  /** The arrays and indices of the elements the walk is currently inside, as a flat list of `trailLength` slots. */
  private readonly trail: unknown[] = [];
  private trailLength = 0;

  collect(root: Record<string, unknown>, path: EventPath): this {
    this.count = 0;
    this.hasMembership = false;
    this.trailLength = 0;
    if (path.segmentCount === 1) {
      // The usual top-level field (`source`, `detail-type`): one lookup, no dotted alternatives.
      const step = path.keysFrom[0]![0]!;
      const value = step.shadowsPrototype ? ownValue(root, step.key) : root[step.key];
      if (value !== undefined) this.addLeaves(value);
    } else {
      this.visitObject(root, path, 0);
    }
    return this;
  }

  private visitObject(object: Record<string, unknown>, path: EventPath, segment: number): void {
    const steps = path.keysFrom[segment]!;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const child = step.shadowsPrototype ? ownValue(object, step.key) : object[step.key];
      if (child !== undefined) this.visitValue(child, path, step.next);
    }
  }

  private visitValue(value: unknown, path: EventPath, segment: number): void {
    if (segment === path.segmentCount) {
      this.addLeaves(value);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (!Array.isArray(value)) {
      this.visitObject(value as Record<string, unknown>, path, segment);
      return;
    }
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      if (typeof element !== 'object' || element === null) continue;
      this.enterElement(value, index);
      this.visitValue(element, path, segment);
      this.trailLength -= 2;
    }
  }

  /** A value at the end of the path: scalars are leaves, arrays contribute their scalars, objects nothing. */
  private addLeaves(value: unknown): void {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        this.addLeaf(value);
        return;
      case 'object':
        if (value === null) {
          this.addLeaf(null);
        } else if (Array.isArray(value)) {
          for (let index = 0; index < value.length; index++) {
            const element: unknown = value[index];
            if (Array.isArray(element)) {
              this.enterElement(value, index);
              this.addLeaves(element);
              this.trailLength -= 2;
            } else if (typeof element !== 'object' || element === null) {
              this.addLeaves(element);
            }
          }
        }
        return;
      default:
      // undefined, functions, symbols, bigints: not JSON, no leaf.
    }
  }

  /** Only elements that are objects or arrays count for consistency, as in event-ruler: scalars share their array. */
  private enterElement(array: unknown, index: number): void {
    this.trail[this.trailLength] = array;
    this.trail[this.trailLength + 1] = index;
    this.trailLength += 2;
  }

  private addLeaf(value: JsonLeaf): void {
    const position = this.count++;
    this.values[position] = value;
    if (this.trailLength === 0) {
      this.memberships[position] = NO_MEMBERSHIP;
    } else {
      this.memberships[position] = this.trail.slice(0, this.trailLength);
      this.hasMembership = true;
    }
  }
}

function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The union of two memberships, or null when they disagree on the element of some array. */
export function mergeMemberships(a: Membership, b: Membership): Membership | null {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  let merged: unknown[] | null = null;
  for (let i = 0; i < b.length; i += 2) {
    const position = indexOfArray(a, b[i]);
    if (position === -1) {
      merged ??= a.slice();
      merged.push(b[i], b[i + 1]);
    } else if (a[position + 1] !== b[i + 1]) {
      return null;
    }
  }
  return merged ?? a;
}

export function membershipsAgree(a: Membership, b: Membership): boolean {
  for (let i = 0; i < b.length; i += 2) {
    const position = indexOfArray(a, b[i]);
    if (position !== -1 && a[position + 1] !== b[i + 1]) return false;
  }
  return true;
}

function indexOfArray(membership: Membership, array: unknown): number {
  for (let i = 0; i < membership.length; i += 2) {
    if (membership[i] === array) return i;
  }
  return -1;
}
