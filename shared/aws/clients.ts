import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * Plain SDK v3 clients. Region, credentials and endpoints come from the standard environment
 * (AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>), which is how the embedded runtime points the very same
 * code at its local endpoints.
 */
export interface AwsClients {
  ddb: DynamoDBDocumentClient;
  dynamodb: DynamoDBClient;
  eventBridge: EventBridgeClient;
  kms: KMSClient;
}

export function createAwsClients(): AwsClients {
  const dynamodb = new DynamoDBClient({});
  return {
    dynamodb,
    ddb: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    eventBridge: new EventBridgeClient({}),
    kms: new KMSClient({}),
  };
}
