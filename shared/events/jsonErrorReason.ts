/**
 * A JSON.parse error as a quarantine reason. V8 quotes a piece of the input in some messages
 * (`Unexpected token 'o', "not json" is not valid JSON`, or a window of a long input between `...`): the input may carry Restricted data,
 * so
 * the quote is cut and only the kind of error and its position are kept.
 */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, ' (not valid JSON)')
    .replace(/^(\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, 'not valid JSON');
}
