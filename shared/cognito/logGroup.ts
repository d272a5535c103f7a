/**
 * The user pool's userAuthEvents log group when a stage does not name its own: serverless.yml's
 * `cognitoUserAuthEventsLogGroup` default and the embedded runtime's (a test keeps the two equal).
 * Cognito recommends a /aws/vendedlogs/ path (a log group resource policy of any size); the group
 * must be in the pool's account and region, and not KMS-encrypted.
 */
export const DEFAULT_USER_AUTH_EVENTS_LOG_GROUP = '/aws/vendedlogs/cognito/user-auth-events';
