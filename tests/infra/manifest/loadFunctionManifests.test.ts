import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCloudFormationYaml } from '../../../infra/local';
import { ManifestError } from '../../../infra/manifest/errors';
import { loadFunctionCatalogue } from '../../../infra/manifest/loadFunctionManifests';
import { PROJECT_ROOT } from '../../../infra/manifest/paths';
import { loadRuleFiles, type RuleFile } from '../../../infra/manifest/rules';

const catalogue = loadFunctionCatalogue();

test('every function folder with a manifest is in the catalogue, with its handler beside it', () => {
  const folders = readdirSync(join(PROJECT_ROOT, 'functions')).filter((f) => existsSync(join(PROJECT_ROOT, 'functions', f, 'manifest.ts')));
  expect(catalogue.functions.map((f) => f.manifest.folder).sort()).toEqual(folders.sort());
  // The five of the first slice, at least (a new function adds itself).
  expect(catalogue.functions.map((f) => f.manifest.key)).toEqual(
    expect.arrayContaining(['alertRouter', 'appTelemetry', 'guarddutyRelay', 'modelMonitor', 'securityDetector']),
  );
  for (const { manifest, handlerPath } of catalogue.functions)
    expect(handlerPath).toBe(join(PROJECT_ROOT, 'functions', manifest.folder, 'handler.ts'));
});

test('every rule file feeds exactly one function, and serverless.yml takes its functions from the manifests', () => {
  const fed = catalogue.functions.flatMap((f) => f.manifest.triggers.flatMap((t) => ('rule' in t ? [t.rule] : [])));
  expect(fed.sort()).toEqual(
    loadRuleFiles()
      .map((r) => r.name)
      .sort(),
  );
  const serverless = parseCloudFormationYaml(readFileSync(join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as { functions: unknown };
  expect(serverless.functions).toBe('${file(infra/manifest/serverless.js):functions}');
});

test("each manifest's environment provides exactly the variables its config schema reads", () => {
  for (const { manifest } of catalogue.functions) {
    const reads = Object.keys((manifest.config as unknown as { shape: object }).shape).sort();
    const provided = [
      'EVENT_BUS_NAME',
      'FIELD_KEY_ID',
      'IDEMPOTENCY_TABLE',
      'QUARANTINE_TABLE',
      'STAGE',
      ...Object.keys(manifest.environment),
    ].sort();
    expect({ [manifest.key]: provided }).toEqual({ [manifest.key]: reads });
  }
});

describe('a broken manifest is refused with the file and the reason', () => {
  let dir: string;
  const rules: RuleFile[] = [{ name: 'probe', description: 'test rule', bus: 'vigil', pattern: { source: ['vigil.test'] } }];
  const write = (folder: string, manifest: string) => {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, 'handler.ts'), 'export const handler = async () => ({});\n');
    writeFileSync(join(dir, folder, 'manifest.ts'), manifest);
  };
  const manifest = (fields: string) => `
    const { BaseConfigSchema } = require(${JSON.stringify(join(PROJECT_ROOT, 'shared', 'config', 'schemas'))});
    export const manifest = { key: 'probe', folder: 'probe', description: 'd', memorySize: 128, timeoutSeconds: 3,
      config: BaseConfigSchema, environment: {}, triggers: [{ kind: 'direct', rule: 'probe' }],
      iam: { shared: [], statements: [] }, ${fields} };`;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-manifest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid one', () => {
    write('probe', manifest(''));
    expect(loadFunctionCatalogue(dir, rules).functions.map((f) => f.manifest.key)).toEqual(['probe']);
  });
  it('names a rule that does not exist', () => {
    write('probe', manifest(`triggers: [{ kind: 'direct', rule: 'nope' }]`));
    expect(() => loadFunctionCatalogue(dir, rules)).toThrow(
      new ManifestError('functions/probe/manifest.ts: trigger names rule "nope", which has no events/rules file'),
    );
  });
  it('sets a variable its config does not read', () => {
    write('probe', manifest(`environment: { EXTRA: { table: 'Findings' } }`));
    expect(() => loadFunctionCatalogue(dir, rules)).toThrow(/sets EXTRA, which the config does not read/);
  });
  it('has a schedule EventBridge would refuse', () => {
    write('probe', manifest(`triggers: [{ kind: 'schedule', name: 'tick', expression: 'rate(1 minutes)', description: 'd' }]`));
    expect(() => loadFunctionCatalogue(dir, rules)).toThrow(/schedule "tick": "rate\(1 minutes\)": EventBridge wants "1 minute"/);
  });
  it('sits in a folder other than the one it names', () => {
    write('elsewhere', manifest(''));
    expect(() => loadFunctionCatalogue(dir, rules)).toThrow(/folder is "probe", expected "elsewhere"/);
  });
});
