import { ConfigError } from '../../../shared/config/errors';
import { DETECTIONS, DetectionEngine, parseDetectionOverrides } from '../../../shared/detections';

test('parameters override the defaults; the others keep them', () => {
  const overrides = parseDetectionOverrides(
    { 'console-bruteforce-per-user': { severity: 'high', parameters: { threshold: 10 } }, 'root-console-login': { enabled: false } },
    DETECTIONS,
  );
  expect(overrides['console-bruteforce-per-user']).toEqual({
    severity: 'high',
    parameters: { threshold: 10, windowMinutes: 15, ignoredPrincipals: [] },
  });
  expect(overrides['root-console-login']).toEqual({ enabled: false });
  const engine = new DetectionEngine(DETECTIONS, overrides);
  expect(engine.configured('console-bruteforce-per-user')?.params).toEqual({ threshold: 10, windowMinutes: 15, ignoredPrincipals: [] });
  expect(engine.configured('bruteforce-then-success')?.params).toEqual({ windowMinutes: 30 });
  expect(engine.detectionIds).not.toContain('root-console-login');
});

test('a typo in a parameter name is a ConfigError naming the detection and the key', () => {
  const parse = () => parseDetectionOverrides({ 'console-bruteforce-per-user': { parameters: { treshold: 10 } } }, DETECTIONS);
  expect(parse).toThrow(ConfigError);
  expect(parse).toThrow(/console-bruteforce-per-user\.parameters.*treshold/);
});

test('a bad parameter value is a ConfigError with its path', () => {
  expect(() => parseDetectionOverrides({ 'console-bruteforce-per-user': { parameters: { threshold: 1 } } }, DETECTIONS)).toThrow(
    /console-bruteforce-per-user\.parameters\.threshold/,
  );
  expect(() => parseDetectionOverrides({ 'bruteforce-then-success': { parameters: { windowMinutes: '30' } } }, DETECTIONS)).toThrow(
    ConfigError,
  );
});

test('an unknown detection id or an unknown override key is a ConfigError', () => {
  expect(() => parseDetectionOverrides({ 'console-brute-force': { enabled: false } }, DETECTIONS)).toThrow(
    /unknown detection\(s\): console-brute-force/,
  );
  expect(() => parseDetectionOverrides({ 'root-console-login': { threshold: 3 } }, DETECTIONS)).toThrow(/root-console-login.*threshold/);
  expect(() => parseDetectionOverrides({ 'root-console-login': { parameters: { threshold: 3 } } }, DETECTIONS)).toThrow(
    /root-console-login\.parameters.*threshold/,
  );
});

test('the engine rejects parameters that were not validated first', () => {
  expect(() => new DetectionEngine(DETECTIONS, { 'console-bruteforce-per-user': { parameters: { windowMinutes: 0 } } })).toThrow(
    ConfigError,
  );
});
