import { jsonErrorReason } from '../../../shared/events/jsonErrorReason';

const errorOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('parsed');
};

test.each([
  ['an unexpected token', 'jane.doe@example.com'],
  ['a bare word', 'secret-token-123'],
  ['trailing garbage', '{"a":1} jane@example.com'],
  ['an unterminated string', '{"email": "jane@example.com'],
  ['an object that is not JSON', '[object Object]'],
])('the reason for %s keeps the kind of error, never the input', (_label, text) => {
  const reason = jsonErrorReason(errorOf(text));
  expect(reason.length).toBeGreaterThan(5);
  expect(reason).not.toContain(text.slice(0, 8));
});

test('a long input is quoted by V8 as a window between dots: that window is cut too', () => {
  const text = `{"user": alice@example.com, "padding": "${'y'.repeat(60)}"}`;
  const reason = jsonErrorReason(errorOf(text));
  expect(reason).not.toContain('alice');
  expect(reason).toContain('not valid JSON');
});
