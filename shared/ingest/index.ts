export { acceptOrQuarantine, describeIssues, safeKey } from './acceptOrQuarantine';
export type { IngestContext, IngestResult } from './acceptOrQuarantine';
