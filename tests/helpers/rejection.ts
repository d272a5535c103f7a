/** The error a call failed with (SDK errors carry `$metadata`); fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}
