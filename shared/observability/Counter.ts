/**
 * Something that counts: domain code counts through this, never through a metrics client, so it
 * does not know where it runs (functions/wiring/MetricTally.ts publishes the sums in Lambda).
 */
export interface Counter {
  count(name: string, value?: number): void;
}
