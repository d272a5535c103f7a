import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig, localEndpointEnv } from '../../../../infra/local/awsClients';
import {
  createTableInput,
  ensureTables,
  loadTableDefinitions,
  parseCloudFormationYaml,
  startDynamo,
  type EmbeddedDynamo,
  type TableDefinition,
} from '../../../../infra/local/dynamo';

const FINDINGS: TableDefinition = {
  logicalId: 'FindingsTable',
  properties: {
    TableName: 'vigil-test-findings',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'detection', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: 'byDetection', KeySchema: [{ AttributeName: 'detection', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
    TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'DataKey' } },
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  },
};

const YAML = `
Resources:
  FindingsTable:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    Properties:
      TableName: \${self:service}-\${sls:stage}-findings
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: !GetAtt DataKey.Arn
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !If [IsProd, true, false]
  StateTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub 'vigil-\${Stage}-state'
      BillingMode: PROVISIONED
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }
      AttributeDefinitions:
        - { AttributeName: id, AttributeType: S }
      KeySchema:
        - { AttributeName: id, KeyType: HASH }
      Tags:
        - { Key: stage, Value: !Ref Stage }
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [] }
`;

let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-dynamo-'));
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('startDynamo + ensureTables', () => {
  it('creates tables from CloudFormation definitions, idempotently, and serves put/get/query', async () => {
    expect(await ensureTables(client, [FINDINGS])).toEqual({ created: ['vigil-test-findings'], existing: [] });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'vigil-test-findings' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('ACTIVE');

    const ddb = DynamoDBDocumentClient.from(client);
    await ddb.send(new PutCommand({ TableName: 'vigil-test-findings', Item: { pk: 'f#1', sk: 'v1', detection: 'root-login', count: 2 } }));
    expect((await ddb.send(new GetCommand({ TableName: 'vigil-test-findings', Key: { pk: 'f#1', sk: 'v1' } }))).Item).toEqual({
      pk: 'f#1',
      sk: 'v1',
      detection: 'root-login',
      count: 2,
    });
    const byDetection = await ddb.send(
      new QueryCommand({
        TableName: 'vigil-test-findings',
        IndexName: 'byDetection',
        KeyConditionExpression: 'detection = :d',
        ExpressionAttributeValues: { ':d': 'root-login' },
      }),
    );
    expect(byDetection.Count).toBe(1);

    // Again: nothing created, the item is still there.
    expect(await ensureTables(client, [FINDINGS])).toEqual({ created: [], existing: ['vigil-test-findings'] });
    expect((await ddb.send(new GetCommand({ TableName: 'vigil-test-findings', Key: { pk: 'f#1', sk: 'v1' } }))).Item).toBeDefined();
  });

  it('enforces DynamoDB rules through dynalite (a ConditionExpression failure is the real exception)', async () => {
    const ddb = DynamoDBDocumentClient.from(client);
    await ensureTables(client, [FINDINGS]);
    await ddb.send(
      new PutCommand({ TableName: 'vigil-test-findings', Item: { pk: 'once', sk: '1' }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await expect(
      ddb.send(
        new PutCommand({
          TableName: 'vigil-test-findings',
          Item: { pk: 'once', sk: '1' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await expect(client.send(new DescribeTableCommand({ TableName: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses an existing table whose key schema differs from the definition', async () => {
    const changed: TableDefinition = {
      logicalId: 'FindingsTable',
      properties: { ...FINDINGS.properties, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], GlobalSecondaryIndexes: [] },
    };
    await expect(ensureTables(client, [changed])).rejects.toThrow(/exists with key schema/);
  });

  it('maps CloudFormation properties to CreateTable, leaving deployment-only ones out', () => {
    const input = createTableInput(FINDINGS);
    expect(input).toEqual({
      TableName: 'vigil-test-findings',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: FINDINGS.properties.KeySchema,
      AttributeDefinitions: FINDINGS.properties.AttributeDefinitions,
      GlobalSecondaryIndexes: [
        { IndexName: 'byDetection', KeySchema: [{ AttributeName: 'detection', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
    });
    expect(() => createTableInput({ logicalId: 'X', properties: { ...FINDINGS.properties, TableName: 'vigil-${sls:stage}-x' } })).toThrow(
      /unresolved variable/,
    );
  });
});

describe('loadTableDefinitions', () => {
  it('reads AWS::DynamoDB::Table resources from CloudFormation YAML with short-form tags, names resolved by the caller', async () => {
    const file = path.join(tmp, 'tables.yml');
    fs.writeFileSync(file, YAML);
    const seen: Array<[string, unknown]> = [];
    const definitions = loadTableDefinitions(file, {
      resolveName: (logicalId, rawName) => {
        seen.push([logicalId, rawName]);
        return logicalId === 'FindingsTable' ? 'vigil-yaml-findings' : 'vigil-yaml-state';
      },
    });
    expect(seen).toEqual([
      ['FindingsTable', '${self:service}-${sls:stage}-findings'],
      ['StateTable', { 'Fn::Sub': 'vigil-${Stage}-state' }],
    ]);
    expect(definitions.map((d) => [d.logicalId, d.properties.TableName])).toEqual([
      ['FindingsTable', 'vigil-yaml-findings'],
      ['StateTable', 'vigil-yaml-state'],
    ]);
    expect(definitions[0]?.properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
    });
    expect(definitions[0]?.properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: { 'Fn::If': ['IsProd', true, false] },
    });

    expect(await ensureTables(client, definitions)).toEqual({ created: ['vigil-yaml-findings', 'vigil-yaml-state'], existing: [] });
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining(['vigil-yaml-findings', 'vigil-yaml-state']));

    expect(() => loadTableDefinitions(file)).toThrow(/needs resolveName/);
  });

  it('reads a Serverless resources block too, and every short form on scalars, sequences and mappings', () => {
    const doc = parseCloudFormationYaml(
      'resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n      Properties:\n' +
        '        A: !Ref X\n        B: !Join [",", [a, b]]\n        C: !Transform { Name: M }\n        D: !GetAtt [R, Arn]\n',
    ) as { resources: { Resources: { T: { Properties: Record<string, unknown> } } } };
    expect(doc.resources.Resources.T.Properties).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::Join': [',', ['a', 'b']] },
      C: { 'Fn::Transform': { Name: 'M' } },
      D: { 'Fn::GetAtt': ['R', 'Arn'] },
    });
  });
});

describe('persistence with dataDir', () => {
  it('keeps tables and items across close and reopen', async () => {
    const dataDir = path.join(tmp, 'data', 'dynamodb');
    const first = await startDynamo({ dataDir });
    const c1 = new DynamoDBClient(localClientConfig(first.endpoint));
    expect((await ensureTables(c1, [FINDINGS])).created).toEqual(['vigil-test-findings']);
    await DynamoDBDocumentClient.from(c1).send(new PutCommand({ TableName: 'vigil-test-findings', Item: { pk: 'kept', sk: '1', n: 42 } }));
    c1.destroy();
    await first.close();

    const second = await startDynamo({ dataDir });
    const c2 = new DynamoDBClient(localClientConfig(second.endpoint));
    try {
      expect(await ensureTables(c2, [FINDINGS])).toEqual({ created: [], existing: ['vigil-test-findings'] });
      const { Item } = await DynamoDBDocumentClient.from(c2).send(
        new GetCommand({ TableName: 'vigil-test-findings', Key: { pk: 'kept', sk: '1' } }),
      );
      expect(Item).toEqual({ pk: 'kept', sk: '1', n: 42 });
    } finally {
      c2.destroy();
      await second.close();
    }
  });
});

describe('awsClients', () => {
  it('builds client config and the endpoint environment', () => {
    expect(localClientConfig('http://127.0.0.1:1')).toEqual({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(localClientConfig('http://127.0.0.1:1', 'eu-west-1').region).toBe('eu-west-1');
    expect(localClientConfig('http://127.0.0.1:1', { maxAttempts: 1 }).maxAttempts).toBe(1);
    expect(localEndpointEnv({ dynamodb: 'http://d', kms: 'http://k', secretsManager: 'http://s' })).toEqual({
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://s',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://d',
      AWS_ENDPOINT_URL_KMS: 'http://k',
    });
  });
});
