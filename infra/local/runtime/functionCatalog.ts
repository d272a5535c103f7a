import { join } from 'node:path';

/** The functions of serverless.yml, by key: folder functions/<folder>/handler.ts exports `handler`. */
export const FUNCTIONS = {
  securityDetector: { folder: 'security-detector' },
  appTelemetry: { folder: 'app-telemetry' },
  modelMonitor: { folder: 'model-monitor' },
  guarddutyRelay: { folder: 'guardduty-relay' },
  alertRouter: { folder: 'alert-router' },
} as const;

export type FunctionKey = keyof typeof FUNCTIONS;

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

export function handlerPath(key: FunctionKey): string {
  return join(PROJECT_ROOT, 'functions', FUNCTIONS[key].folder, 'handler.ts');
}

export function isFunctionKey(key: string): key is FunctionKey {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, key);
}
