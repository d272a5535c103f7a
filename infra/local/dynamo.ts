import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  type ProvisionedThroughput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import yaml from 'js-yaml';
import { DataDirError, makeDirectory } from './dataDir';
import { listenOnLoopback, type LoopbackEndpoint } from './loopbackServer';

/*
 * Embedded DynamoDB: dynalite (DynamoDB's API and validation on LevelDB) served in-process on
 * 127.0.0.1, in memory by default or persisted in a LevelDB directory; plus the tables, created
 * from the same CloudFormation definitions that are deployed.
 */

export type EmbeddedDynamo = LoopbackEndpoint;

export interface StartDynamoOptions {
  /** LevelDB directory to persist tables and items in; in memory when absent. */
  dataDir?: string;
}

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}
// dynalite ships no type declarations: the one call used here, typed.
const dynalite = require('dynalite') as (options: DynaliteOptions) => http.Server;

/**
 * Starts dynalite on 127.0.0.1 with an ephemeral port; tables become ACTIVE at once. A `dataDir`
 * is opened and checked first (checkDynaliteStore): dynalite opens it lazily and throws from a
 * callback when it cannot, which no caller could catch.
 * @throws DataDirError when the dataDir cannot be opened, is locked by another process, is corrupt or is not dynalite's
 */
export async function startDynamo(options: StartDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const dynaliteOptions: DynaliteOptions = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  if (options.dataDir) {
    await checkDynaliteStore(options.dataDir);
    dynaliteOptions.path = options.dataDir;
  }
  const server = dynalite(dynaliteOptions);
  // dynalite's close stops the server, then closes LevelDB once pending writes are done, so a
  // dataDir can be opened again (in this process or another) as soon as close() resolves.
  return listenOnLoopback(server);
}

/** dynalite keeps every table in one LevelDB, under these key prefixes (its db/index.js getSubDb). */
const DYNALITE_KEY = /^(table|item-[^~]+|index-(global|local)~[^~]+~[^~]+)~/;

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
  keys(options: { fillCache: boolean }): { nextv(size: number): Promise<string[]>; close(): Promise<void> };
}

/** The LevelDB binding dynalite itself opens its store with (its own dependency, whatever this package's). */
function dynaliteLevel(): new (location: string, options: { createIfMissing: boolean }) => LevelDb {
  const level = require.resolve('level', { paths: [path.dirname(require.resolve('dynalite'))] });
  return (require(level) as { Level: new (location: string, options: { createIfMissing: boolean }) => LevelDb }).Level;
}

/** The store's failure to open, as the person running vigil needs it. */
function openFailure(dir: string, error: unknown): DataDirError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? (error as { code?: string; message?: string });
  const detail = cause.message ?? String(error);
  if (cause.code === 'LEVEL_LOCKED') {
    return new DataDirError(`the DynamoDB store in "${dir}" is in use by another process (another vigil?): run one at a time on it`, {
      cause: error,
    });
  }
  if (cause.code === 'LEVEL_CORRUPTION') {
    return new DataDirError(`the DynamoDB store in "${dir}" is corrupt (${detail}): remove it, or give another data dir`, { cause: error });
  }
  return new DataDirError(`cannot open the DynamoDB store in "${dir}": ${detail.replace(/, [a-z]+ '.*'$/s, '')}`, { cause: error });
}

/**
 * Opens the LevelDB directory as dynalite will, reads every key, then closes it: refuses, with the
 * reason, a directory that is not one, one locked by another process, a corrupt database (reading
 * every key reads every block, so a damaged table file shows here, not halfway through a replay),
 * and another program's database (a key that is not one of dynalite's). About 25 ms per 5,000 items.
 * @throws DataDirError
 */
export async function checkDynaliteStore(dir: string): Promise<void> {
  try {
    makeDirectory(dir);
  } catch (error) {
    throw openFailure(dir, error);
  }
  if (!fs.statSync(dir).isDirectory()) throw new DataDirError(`the DynamoDB store "${dir}" is a file, not a directory`);
  const Level = dynaliteLevel();
  const db = new Level(dir, { createIfMissing: true });
  try {
    await db.open();
  } catch (error) {
    throw openFailure(dir, error);
  }
  const keys = db.keys({ fillCache: false });
  try {
    for (;;) {
      const batch = await keys.nextv(1000);
      if (batch.length === 0) break;
      const foreign = batch.find((key) => !DYNALITE_KEY.test(key));
      if (foreign !== undefined) {
        throw new DataDirError(
          `the DynamoDB store in "${dir}" is another program's LevelDB (its key ${JSON.stringify(foreign.slice(0, 40))} is not ` +
            "dynalite's): give a new or empty data dir",
        );
      }
    }
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    throw openFailure(dir, error);
  } finally {
    await keys.close();
    await db.close();
  }
}

/* ---------- Table definitions (CloudFormation AWS::DynamoDB::Table Properties) ---------- */

export interface CfnGlobalSecondaryIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: ProvisionedThroughput;
  [other: string]: unknown;
}

export interface CfnLocalSecondaryIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  [other: string]: unknown;
}

/** The Properties of an `AWS::DynamoDB::Table`, with TableName resolved to a plain string. */
export interface CfnTableProperties {
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexes?: CfnGlobalSecondaryIndex[];
  LocalSecondaryIndexes?: CfnLocalSecondaryIndex[];
  TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
  /** Deployed-only properties (SSESpecification, PointInTimeRecoverySpecification, StreamSpecification, Tags, ...). */
  [other: string]: unknown;
}

export interface TableDefinition {
  logicalId: string;
  properties: CfnTableProperties;
}

export interface EnsureTablesResult {
  created: string[];
  existing: string[];
}

function throughput(value: ProvisionedThroughput | undefined, where: string): ProvisionedThroughput {
  const read = Number(value?.ReadCapacityUnits);
  const write = Number(value?.WriteCapacityUnits);
  if (!Number.isFinite(read) || !Number.isFinite(write)) {
    throw new Error(`${where}: BillingMode PROVISIONED needs ProvisionedThroughput with ReadCapacityUnits and WriteCapacityUnits`);
  }
  return { ReadCapacityUnits: read, WriteCapacityUnits: write };
}

/**
 * CreateTable input for a CloudFormation table definition. Only what DynamoDB's table shape is made
 * of is passed: SSESpecification, PointInTimeRecoverySpecification, StreamSpecification (dynalite has
 * no streams), Tags, DeletionProtectionEnabled, ContributorInsights and the like are deployment
 * concerns and are left out. TimeToLiveSpecification is left out too: dynalite implements
 * DescribeTimeToLive (always DISABLED) but not UpdateTimeToLive, so expired items are simply not
 * removed locally.
 */
export function createTableInput(definition: TableDefinition): CreateTableCommandInput {
  const p = definition.properties;
  const where = `${definition.logicalId} (${String(p.TableName)})`;
  if (typeof p.TableName !== 'string' || p.TableName === '') throw new Error(`${definition.logicalId}: TableName must be a string`);
  if (p.TableName.includes('${')) throw new Error(`${where}: TableName has an unresolved variable`);
  if (!Array.isArray(p.KeySchema) || p.KeySchema.length === 0) throw new Error(`${where}: KeySchema is required`);
  if (!Array.isArray(p.AttributeDefinitions) || p.AttributeDefinitions.length === 0)
    throw new Error(`${where}: AttributeDefinitions is required`);

  // CloudFormation's default BillingMode is PROVISIONED.
  const onDemand = p.BillingMode === 'PAY_PER_REQUEST';
  const input: CreateTableCommandInput = {
    TableName: p.TableName,
    KeySchema: p.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    AttributeDefinitions: p.AttributeDefinitions.map((a) => ({ AttributeName: a.AttributeName, AttributeType: a.AttributeType })),
  };
  if (onDemand) input.BillingMode = 'PAY_PER_REQUEST';
  else input.ProvisionedThroughput = throughput(p.ProvisionedThroughput, where);

  if (p.GlobalSecondaryIndexes?.length) {
    input.GlobalSecondaryIndexes = p.GlobalSecondaryIndexes.map((gsi): GlobalSecondaryIndex => {
      const index: GlobalSecondaryIndex = { IndexName: gsi.IndexName, KeySchema: gsi.KeySchema, Projection: gsi.Projection };
      if (!onDemand) index.ProvisionedThroughput = throughput(gsi.ProvisionedThroughput, `${where} index ${gsi.IndexName}`);
      return index;
    });
  }
  if (p.LocalSecondaryIndexes?.length) {
    input.LocalSecondaryIndexes = p.LocalSecondaryIndexes.map(
      (lsi): LocalSecondaryIndex => ({ IndexName: lsi.IndexName, KeySchema: lsi.KeySchema, Projection: lsi.Projection }),
    );
  }
  return input;
}

function sameKeySchema(a: KeySchemaElement[] | undefined, b: KeySchemaElement[]): boolean {
  const text = (k: KeySchemaElement[]): string => k.map((e) => `${e.AttributeName}:${e.KeyType}`).join(',');
  return text(a ?? []) === text(b);
}

function isActive(table: TableDescription | undefined): boolean {
  return (
    table?.TableStatus === 'ACTIVE' &&
    (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === undefined || i.IndexStatus === 'ACTIVE')
  );
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

/**
 * Creates the tables that do not exist yet (idempotent: an existing table is kept, with its items)
 * and waits until every table and index is ACTIVE. An existing table whose key schema or indexes
 * differ from the definition is an error (a data dir kept from an older schema).
 */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: readonly TableDefinition[],
  options: { timeoutMs?: number } = {},
): Promise<EnsureTablesResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const result: EnsureTablesResult = { created: [], existing: [] };
  for (const definition of definitions) {
    const input = createTableInput(definition);
    const tableName = input.TableName as string;
    let table = await describe(client, tableName);
    if (table) {
      result.existing.push(tableName);
    } else {
      try {
        table = (await client.send(new CreateTableCommand(input))).TableDescription;
        result.created.push(tableName);
      } catch (err) {
        // Created meanwhile by another caller: the same outcome.
        if (!(err instanceof ResourceInUseException)) throw err;
        result.existing.push(tableName);
      }
    }

    const deadline = Date.now() + timeoutMs;
    while (!isActive(table)) {
      if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
      table = await describe(client, tableName);
    }

    if (!sameKeySchema(table?.KeySchema, input.KeySchema ?? [])) {
      throw new Error(
        `Table ${tableName} exists with key schema ${JSON.stringify(table?.KeySchema)}, but ${definition.logicalId} declares ` +
          `${JSON.stringify(input.KeySchema)} (a data dir from an older schema? remove it to recreate the table)`,
      );
    }
    const indexes = new Set((table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const missingIndexes = (input.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).filter((n) => !indexes.has(n));
    if (missingIndexes.length > 0) {
      throw new Error(
        `Table ${tableName} exists without the global secondary index(es) ${missingIndexes.join(', ')} ` +
          `that ${definition.logicalId} declares ` +
          '(a data dir from an older schema? remove it to recreate the table)',
      );
    }
  }
  return result;
}

/* ---------- CloudFormation YAML ---------- */

/**
 * The intrinsic functions' short forms, read as their long forms (`!Ref X` as `{ Ref: X }`,
 * `!GetAtt A.B` as `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Sub ...` as `{ 'Fn::Sub': ... }`, ...), on
 * scalars, sequences and mappings alike.
 */
const INTRINSIC_TAGS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  Transform: 'Fn::Transform',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
};

function intrinsicTypes(): yaml.Type[] {
  const types: yaml.Type[] = [];
  for (const [tag, key] of Object.entries(INTRINSIC_TAGS)) {
    for (const kind of ['scalar', 'sequence', 'mapping'] as const) {
      types.push(
        new yaml.Type(`!${tag}`, {
          kind,
          construct: (data: unknown) => {
            if (tag === 'GetAtt' && kind === 'scalar' && typeof data === 'string') {
              const dot = data.indexOf('.');
              return { [key]: dot > 0 ? [data.slice(0, dot), data.slice(dot + 1)] : [data] };
            }
            return { [key]: data ?? (kind === 'scalar' ? '' : kind === 'sequence' ? [] : {}) };
          },
        }),
      );
    }
  }
  return types;
}

/** js-yaml schema that reads CloudFormation templates (short-form intrinsic tags included). */
export const CLOUDFORMATION_SCHEMA: yaml.Schema = yaml.DEFAULT_SCHEMA.extend(intrinsicTypes());

export function parseCloudFormationYaml(text: string, filename?: string): unknown {
  return yaml.load(text, { schema: CLOUDFORMATION_SCHEMA, ...(filename ? { filename } : {}) });
}

/** A table's TableName as written in the template: a string, possibly with `${...}` variables, or an intrinsic. */
export type RawTableName = unknown;

export interface LoadTableDefinitionsOptions {
  /**
   * Turns the TableName written in the template (e.g. `${self:service}-${sls:stage}-findings`, or
   * `{ 'Fn::Sub': '...' }`) into the name to create. Without it, TableName must already be a plain string.
   */
  resolveName?: (logicalId: string, rawName: RawTableName) => string;
}

/**
 * Reads the `AWS::DynamoDB::Table` resources of a CloudFormation YAML file. The file may be a
 * template (`Resources:` at the top), a Serverless `resources:` block (`resources: { Resources: ... }`)
 * or the resources map itself.
 */
export function loadTableDefinitions(file: string, options: LoadTableDefinitionsOptions = {}): TableDefinition[] {
  const doc = parseCloudFormationYaml(fs.readFileSync(file, 'utf8'), file);
  const asRecord = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const root = asRecord(doc);
  if (!root) throw new Error(`${file}: expected a mapping of CloudFormation resources`);
  const resources = asRecord(root.Resources) ?? asRecord(asRecord(root.resources)?.Resources) ?? root;

  const definitions: TableDefinition[] = [];
  for (const [logicalId, value] of Object.entries(resources)) {
    const resource = asRecord(value);
    if (resource?.Type !== 'AWS::DynamoDB::Table') continue;
    const properties = asRecord(resource.Properties);
    if (!properties) throw new Error(`${file}: ${logicalId} has no Properties`);
    const rawName = properties.TableName;
    let tableName: string;
    if (options.resolveName) {
      tableName = options.resolveName(logicalId, rawName);
    } else if (typeof rawName === 'string' && !rawName.includes('${')) {
      tableName = rawName;
    } else {
      throw new Error(`${file}: ${logicalId} TableName ${JSON.stringify(rawName)} needs resolveName`);
    }
    if (typeof tableName !== 'string' || tableName === '' || tableName.includes('${')) {
      throw new Error(`${file}: ${logicalId} TableName resolved to ${JSON.stringify(tableName)}`);
    }
    definitions.push({
      logicalId,
      properties: { ...(properties as Omit<CfnTableProperties, 'TableName'>), TableName: tableName } as CfnTableProperties,
    });
  }
  return definitions;
}
