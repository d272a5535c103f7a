/**
 * infra/resources/tables.yml is read by serverless.yml AND by the embedded local runtime, so it must
 * be plain YAML (js-yaml's default schema rejects `!Ref`-style tags) and describe every table fully.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

const FILE = path.resolve(__dirname, '..', '..', 'infra', 'resources', 'tables.yml');
const text = readFileSync(FILE, 'utf8');

interface KeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}
interface TableProperties {
  TableName: string;
  BillingMode: string;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  KeySchema: KeyElement[];
  GlobalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: KeyElement[]; Projection: unknown }>;
  TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean };
  SSESpecification: { SSEEnabled: boolean; SSEType: string; KMSMasterKeyId: unknown };
}

/** Logical id -> table name suffix, primary key, TTL attribute (the contract the local runtime also uses). */
const EXPECTED: Record<string, { name: string; key: KeyElement[]; attributes: Record<string, string>; ttl: string }> = {
  Findings: { name: 'findings', key: [{ AttributeName: 'id', KeyType: 'HASH' }], attributes: { id: 'S' }, ttl: 'expiresAt' },
  DetectionState: {
    name: 'detection-state',
    key: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    attributes: { pk: 'S', sk: 'S' },
    ttl: 'expiresAt',
  },
  Idempotency: { name: 'idempotency', key: [{ AttributeName: 'id', KeyType: 'HASH' }], attributes: { id: 'S' }, ttl: 'expiration' },
  Quarantine: { name: 'quarantine', key: [{ AttributeName: 'id', KeyType: 'HASH' }], attributes: { id: 'S' }, ttl: 'expiresAt' },
  Outbox: { name: 'outbox', key: [{ AttributeName: 'id', KeyType: 'HASH' }], attributes: { id: 'S', status: 'S' }, ttl: 'expiresAt' },
  AuditTrail: {
    name: 'audit',
    key: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    attributes: { pk: 'S', sk: 'N', principal: 'S', issuer: 'S', eventTime: 'S' },
    ttl: 'expiresAt',
  },
  TelemetryEvents: {
    name: 'telemetry-events',
    key: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
    attributes: { eventId: 'S', kind: 'S', name: 'S', userPseudonym: 'S', timestamp: 'S', stripDay: 'S', nextStripAt: 'N' },
    ttl: 'expiresAt',
  },
};

describe('infra/resources/tables.yml', () => {
  const doc = load(text) as { Resources: Record<string, { Type: string; Properties: TableProperties }> };

  it('parses with the default YAML schema (no short-form tags) as one Resources fragment', () => {
    expect(Object.keys(doc)).toEqual(['Resources']);
    expect(text).not.toMatch(/^[^#\n]*:\s*!\w+/m);
  });

  it('uses no variable the local runtime cannot resolve (only ${self:service} and ${sls:stage})', () => {
    const variables = [...text.replace(/^\s*#.*$/gm, '').matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
    expect(new Set(variables)).toEqual(new Set(['self:service', 'sls:stage']));
  });

  it('defines exactly the seven tables', () => {
    expect(Object.keys(doc.Resources).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const resource of Object.values(doc.Resources)) expect(resource.Type).toBe('AWS::DynamoDB::Table');
  });

  describe.each(Object.entries(EXPECTED))('%s', (logicalId, expected) => {
    const p = () => doc.Resources[logicalId]!.Properties;

    it('is named ${self:service}-${sls:stage}-<name> and billed on demand', () => {
      expect(p().TableName).toBe(`\${self:service}-\${sls:stage}-${expected.name}`);
      expect(p().BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('has its key schema, and attribute definitions for exactly the key attributes', () => {
      expect(p().KeySchema).toEqual(expected.key);
      const keyAttributes = new Set([
        ...p().KeySchema.map((k) => k.AttributeName),
        ...(p().GlobalSecondaryIndexes ?? []).flatMap((i) => i.KeySchema.map((k) => k.AttributeName)),
      ]);
      const defined = Object.fromEntries(p().AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
      expect(defined).toEqual(expected.attributes);
      expect(new Set(Object.keys(defined))).toEqual(keyAttributes);
    });

    it('is encrypted with the customer managed table key, with PITR and TTL', () => {
      expect(p().SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['TableKey', 'Arn'] } });
      expect(p().PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(p().TimeToLiveSpecification).toEqual({ AttributeName: expected.ttl, Enabled: true });
    });
  });
});
