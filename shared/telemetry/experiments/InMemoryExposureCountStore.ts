import { type AssignmentChange, type ExposureAssignment, type ExposureCountStore, exposureBefore } from './ExposureCountStore';

/** ExposureCountStore in maps, for unit tests: the same earliest-exposure-wins contract. */
export class InMemoryExposureCountStore implements ExposureCountStore {
  private readonly units = new Map<string, ExposureAssignment>();
  private readonly totals = new Map<string, Map<string, number>>();

  async assign(assignment: ExposureAssignment): Promise<AssignmentChange> {
    const id = `${assignment.experimentKey}\n${assignment.unit}`;
    const current = this.units.get(id);
    if (current && !exposureBefore(assignment, current)) return {};
    this.units.set(id, assignment);
    if (!current) return { added: assignment.variant };
    return current.variant === assignment.variant ? {} : { added: assignment.variant, removed: current.variant };
  }

  async add(experimentKey: string, deltas: ReadonlyMap<string, number>): Promise<void> {
    const counts = this.totals.get(experimentKey) ?? new Map<string, number>();
    for (const [variant, delta] of deltas) counts.set(variant, (counts.get(variant) ?? 0) + delta);
    this.totals.set(experimentKey, counts);
  }

  async counts(experimentKey: string): Promise<Map<string, number>> {
    return new Map([...(this.totals.get(experimentKey) ?? [])].filter(([, n]) => n > 0));
  }
}
