import type { AppEventKind, AppPlatform, TelemetrySchemaVersion } from './envelope';

/*
 * TypeScript views of what the validators (compile.ts, derived from the spec) accept. Types only: the
 * spec is the source of the rules, these say what a consumer may rely on once an event passed them.
 * Optional Sentry fields may be null (SDKs write null for what they do not know).
 */

export type PropertyValue = string | number | boolean | null;

export interface AppInfo {
  id: string;
  platform: AppPlatform;
  version: string;
  build: string;
}

export interface DeviceInfo {
  os: string;
  osVersion: string;
  model?: string;
  locale?: string;
}

export interface SentryFrame {
  function?: string | null;
  raw_function?: string | null;
  symbol?: string | null;
  module?: string | null;
  filename?: string | null;
  abs_path?: string | null;
  lineno?: number | null;
  colno?: number | null;
  in_app?: boolean | null;
  package?: string | null;
  platform?: string | null;
  instruction_addr?: string | null;
  symbol_addr?: string | null;
  image_addr?: string | null;
  addr_mode?: string | null;
  native?: boolean | null;
  stack_start?: boolean | null;
  context_line?: string | null;
  pre_context?: string[] | null;
  post_context?: string[] | null;
  source_link?: string | null;
  vars?: Record<string, unknown> | null;
  lock?: Record<string, unknown> | null;
}

export interface SentryStacktrace {
  frames: SentryFrame[];
  registers?: Record<string, unknown> | null;
  snapshot?: boolean | null;
  lang?: string | null;
}

export interface SentryMechanism {
  type: string;
  handled?: boolean | null;
  synthetic?: boolean | null;
  description?: string | null;
  help_link?: string | null;
  source?: string | null;
  is_exception_group?: boolean | null;
  exception_id?: number | null;
  parent_id?: number | null;
  data?: Record<string, unknown> | null;
  meta?: {
    signal?: { number?: number | null; code?: number | null; name?: string | null; code_name?: string | null } | null;
    mach_exception?: { exception?: number | null; code?: number | null; subcode?: number | null; name?: string | null } | null;
    ns_error?: { code: number; domain?: string | null } | null;
    errno?: { number?: number | null; name?: string | null } | null;
    [key: string]: unknown;
  } | null;
}

export interface SentryExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  thread_id?: number | string | null;
  mechanism?: SentryMechanism | null;
  stacktrace?: SentryStacktrace | null;
}

export interface SentryThread {
  id?: number | string | null;
  name?: string | null;
  crashed?: boolean | null;
  current?: boolean | null;
  main?: boolean | null;
  state?: string | null;
  held_locks?: Record<string, unknown> | null;
  stacktrace?: SentryStacktrace | null;
}

export interface AppEvent {
  eventId: string;
  name: string;
  kind: AppEventKind;
  version?: number;
  timestamp: string;
  sessionId: string;
  /** Restricted. */
  userId?: string;
  properties?: Record<string, PropertyValue>;
  exception?: { values: SentryExceptionValue[] };
  threads?: { values: SentryThread[] } | null;
  fingerprint?: string[] | null;
  platform?: string | null;
}

export interface AppTelemetryBatch {
  schemaVersion: TelemetrySchemaVersion;
  batchId: string;
  app: AppInfo;
  device?: DeviceInfo;
  sentAt: string;
  release?: string;
  environment?: string;
  events: AppEvent[];
}
