/** The `limit` earliest items by (time, id), kept as items arrive in any order: what "the first 100 event ids" means. */
export class EarliestItems {
  private readonly items: Array<{ time: number; id: string }> = [];

  constructor(private readonly limit: number) {}

  add(time: number, id: string): void {
    const { items } = this;
    const before = (a: { time: number; id: string }) => a.time < time || (a.time === time && a.id < id);
    if (items.length === this.limit && before(items[items.length - 1]!)) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(items[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, { time, id });
    if (items.length > this.limit) items.pop();
  }

  ids(): string[] {
    return this.items.map((i) => i.id);
  }
}
