import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCloudFormationYaml } from '../../../../infra/local';
import { FUNCTIONS, PROJECT_ROOT } from '../../../../infra/local/runtime/functionCatalog';
import { loadRuleFiles } from '../../../../infra/local/runtime/rules';

/** The embedded runtime runs the functions serverless.yml deploys, with the same handlers. */
const serverless = parseCloudFormationYaml(readFileSync(join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as {
  functions: Record<string, { handler: string }>;
};

test('every deployed function is in the runtime catalogue with the same handler file, and no other', () => {
  const deployed = Object.fromEntries(Object.entries(serverless.functions).map(([key, fn]) => [key, fn.handler]));
  const local = Object.fromEntries(Object.entries(FUNCTIONS).map(([key, fn]) => [key, `functions/${fn.folder}/handler.handler`]));
  expect(local).toEqual(deployed);
});

test('every rule targets a function the runtime knows', () => {
  for (const rule of loadRuleFiles()) expect(Object.keys(FUNCTIONS)).toContain(rule.target);
});
