export { acceptOrQuarantine, describeIssues } from './acceptOrQuarantine';
export type { IngestContext, IngestResult } from './acceptOrQuarantine';
