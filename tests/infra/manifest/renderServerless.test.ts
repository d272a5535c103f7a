import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestError } from '../../../infra/manifest/errors';
import { loadFunctionCatalogue } from '../../../infra/manifest/loadFunctionManifests';
import { renderServerless, stageConfig } from '../../../infra/manifest/renderServerless';

/** The rendering itself; tests/packaging checks what the framework makes of it. */
const rendered = renderServerless({ stage: 'prod' });

test('one function per manifest, each with its own environment and a role built from its manifest', () => {
  expect(Object.keys(rendered.functions).sort()).toEqual(
    loadFunctionCatalogue()
      .functions.map((f) => f.manifest.key)
      .sort(),
  );
  const detector = rendered.functions.securityDetector as Record<string, any>;
  expect(detector.environment).toMatchObject({
    POWERTOOLS_SERVICE_NAME: 'security-detector',
    STATE_TABLE: { Ref: 'DetectionState' },
    DETECTION_OVERRIDES: '{}',
  });
  expect(detector.environment.OUTBOX_TABLE).toBeUndefined();
  expect(detector.iamRoleStatements.slice(0, 2)).toEqual(['${self:custom.iam.xray}', '${self:custom.iam.idempotency}']);
});

test('a queue trigger brings its buffer, DLQ, rule and alarms; a direct one its rule DLQ and an on-failure queue', () => {
  const ids = Object.keys(rendered.resources.Resources);
  for (const id of [
    'SecurityEventsQueue',
    'SecurityEventsDlq',
    'SecurityEventsQueuePolicy',
    'CloudtrailActivityRule',
    'CloudtrailActivityRuleDlq',
  ]) {
    expect(ids).toContain(id);
  }
  for (const id of ['FindingsRuleDlq', 'FindingsRuleDlqPolicy', 'AlertRouterFailureQueue', 'AlertRouterDestinationFailuresAlarm'])
    expect(ids).toContain(id);
  expect(ids).not.toContain('SecurityDetectorFailureQueue');
  const queue = rendered.resources.Resources.SecurityEventsQueue as Record<string, any>;
  // Six times the consumer's timeout (60 s), as AWS advises for SQS event sources.
  expect(queue.Properties.VisibilityTimeout).toBe(360);
});

describe('infra/config/<stage>.yml', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-stage-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to default.yml for a stage without a file of its own', () => {
    writeFileSync(join(dir, 'default.yml'), 'detectionOverrides:\n  root-console-login: { dedupWindowMinutes: 30 }\n');
    expect(stageConfig('feature-x', dir)).toEqual({ detectionOverrides: { 'root-console-login': { dedupWindowMinutes: 30 } } });
  });

  it('refuses a threshold name the detection does not have, naming the file', () => {
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverrides:\n  console-bruteforce-per-user: { parameters: { treshold: 3 } }\n');
    expect(() => stageConfig('prod', dir)).toThrow(ManifestError);
    expect(() => stageConfig('prod', dir)).toThrow(/prod\.yml: .*console-bruteforce-per-user.*treshold/);
  });

  it('refuses an unknown detection id and an unknown top-level key', () => {
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverrides:\n  root-console-logon: { enabled: false }\n');
    expect(() => stageConfig('prod', dir)).toThrow(/unknown detection\(s\): root-console-logon/);
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverides: {}\n');
    expect(() => stageConfig('prod', dir)).toThrow(/unknown key\(s\) detectionOverides/);
  });
});
