export {
  CRASH_ISSUE_STATUSES,
  type CrashIssue,
  type CrashIssueStatus,
  CrashIssueStore,
  type FirstSight,
  type StatusChange,
  type StatusExpectation,
} from './CrashIssueStore';
export { crashIssueKey, DynamoCrashIssueStore } from './DynamoCrashIssueStore';
export { InMemoryCrashIssueStore } from './InMemoryCrashIssueStore';
