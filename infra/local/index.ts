export * from './awsClients';
export { AwsServiceError, type EmbeddedEndpoint } from './awsJsonServer';
export * from './dynamo';
export * from './eventBridgeEndpoint';
export * from './kmsEndpoint';
