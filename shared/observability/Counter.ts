/**
 * Metric dimensions: low-cardinality names only (a detection id, a severity), never a user, an IP, an
 * ARN or any Restricted value: every distinct set is a metric of its own, billed and kept as one.
 */
export type Dimensions = Readonly<Record<string, string>>;

/**
 * Something that counts: domain code counts through this, never through a metrics client, so it
 * does not know where it runs (functions/wiring/MetricTally.ts publishes the sums in Lambda).
 */
export interface Counter {
  count(name: string, value?: number, dimensions?: Dimensions): void;
}
