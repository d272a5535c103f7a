import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConfigError } from '../../../../infra/local/runtime/errors';
import { parseLocalConfig, readLocalConfig } from '../../../../infra/local/runtime/localConfig';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('defaults: the embedded default needs no configuration', () => {
  const config = parseLocalConfig({});
  expect(config).toMatchObject({ stage: 'local', pageAtOrAbove: 'high', detectionOverrides: {} });
  // Each buffered function then takes its manifest's batch size.
  expect(config.batchSize).toBeUndefined();
});

test('a file with a byte-order mark is read', () => {
  expect(readLocalConfig(file('bom.json', '\uFEFF{"stage":"qa"}')).stage).toBe('qa');
});

test('invalid JSON is refused without quoting the file (it holds API keys)', () => {
  const path = file('bad.json', '{"opsgenie": {"baseUrl": "https://api.opsgenie.com", "apiKey": GenieKey-SECRET-123}}');
  expect(() => readLocalConfig(path)).toThrow(LocalConfigError);
  expect(() => readLocalConfig(path)).toThrow(/not valid JSON/);
  expect(() => readLocalConfig(path)).not.toThrow(/SECRET/);
});

test('unknown keys and bad values are each named', () => {
  const attempt = () => parseLocalConfig({ pageAtOrAbove: 'urgent', batchSize: 0, colour: 'red' });
  expect(attempt).toThrow(LocalConfigError);
  expect(attempt).toThrow(/pageAtOrAbove/);
  expect(attempt).toThrow(/batchSize/);
  expect(attempt).toThrow(/colour/);
});

test('a real OpsGenie is checked like a stage’s: its host for the flavour, https but to loopback', () => {
  expect(parseLocalConfig({ opsgenie: { baseUrl: 'https://api.eu.opsgenie.com', apiKey: 'k' } }).opsgenie).toEqual({
    baseUrl: 'https://api.eu.opsgenie.com',
    apiKey: 'k',
    flavour: 'opsgenie',
  });
  expect(parseLocalConfig({ opsgenie: { baseUrl: 'http://127.0.0.1:9000', apiKey: 'k', flavour: 'jsm' } }).opsgenie?.flavour).toBe('jsm');
  const jsmHost = () => parseLocalConfig({ opsgenie: { baseUrl: 'https://api.atlassian.com', apiKey: 'k' } });
  expect(jsmHost).toThrow(LocalConfigError);
  expect(jsmHost).toThrow(/opsgenie.baseUrl: .*set the flavour to jsm/);
  expect(() => parseLocalConfig({ opsgenie: { baseUrl: 'http://opsgenie.internal', apiKey: 'k' } })).toThrow(/must be https/);
});
