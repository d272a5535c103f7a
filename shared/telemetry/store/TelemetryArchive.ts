import type { FieldContext, FieldEncryptor } from '../../crypto';
import type { KmsPseudonymizer } from '../privacy';
import type { ClassifiedTelemetryEvent } from '../TelemetryIngest';
import { TelemetryEventNotFoundError } from './errors';
import { ITEM_VERSION, parseDoc, setValueAt, type TelemetryDoc, type TelemetryItem } from './item';
import type { SaveResult, TelemetryEventStore } from './TelemetryEventStore';
import { splitEvent } from './toItem';

export interface TelemetryArchiveOptions {
  store: TelemetryEventStore;
  /** The table's name: part of every sealed value's context. */
  table: string;
  encryptor: FieldEncryptor;
  pseudonymizer: KmsPseudonymizer;
}

/** A stored event opened for an operator: the document with the Restricted values put back. */
export interface OpenedTelemetryEvent {
  eventId: string;
  item: Omit<TelemetryItem, 'sealed' | 'doc'>;
  doc: TelemetryDoc;
  /** The KMS key the sealed values' data key is encrypted under (from the sealed header); undefined when nothing is sealed. */
  keyId?: string;
  /** The sealed paths, put back into `doc`. */
  restrictedFields: string[];
}

export interface UserErasure {
  userPseudonym: string;
  erased: string[];
}

/**
 * Accepted telemetry events into the store: the user id replaced by its pseudonym (KMS GenerateMac,
 * cached), every Restricted value sealed into one binary attribute (FieldEncryptor: a cached KMS data
 * key, AES-256-GCM, the context as AAD), IP addresses truncated, retention planned per class. And back
 * out for an operator (`vigil decrypt`), and out altogether for a user (`vigil erase`).
 */
export class TelemetryArchive {
  constructor(private readonly options: TelemetryArchiveOptions) {}

  async archive(events: readonly ClassifiedTelemetryEvent[]): Promise<SaveResult> {
    const items = await Promise.all(events.map((event) => this.toItem(event)));
    return this.options.store.save(items);
  }

  /** The pseudonym a user id has in this store. */
  pseudonym(userId: string): Promise<string> {
    return this.options.pseudonymizer.pseudonym(userId);
  }

  async open(eventId: string): Promise<OpenedTelemetryEvent> {
    const item = await this.options.store.item(eventId);
    if (!item) throw new TelemetryEventNotFoundError(`no stored telemetry event ${eventId} (never stored, expired or erased)`);
    const doc = parseDoc(item);
    const { sealed, doc: _doc, ...rest } = item;
    const opened: OpenedTelemetryEvent = { eventId, item: rest, doc, restrictedFields: [] };
    if (sealed && item.sealedFields) {
      const bytes = await this.options.encryptor.open(sealed, this.context(eventId, item.sealedFields));
      const values = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      for (const [path, value] of Object.entries(values)) setValueAt(doc, path, value);
      opened.restrictedFields = Object.keys(values);
      opened.keyId = sealedKeyId(sealed);
    }
    return opened;
  }

  /** Erases every stored event of a user (found by pseudonym): each becomes a tombstone. */
  async eraseUser(userId: string): Promise<UserErasure> {
    const userPseudonym = await this.pseudonym(userId);
    const ids: string[] = [];
    for await (const item of this.options.store.itemsOfUser(userPseudonym)) ids.push(item.eventId);
    const erased: string[] = [];
    for (const id of ids) if (await this.options.store.erase(id)) erased.push(id);
    return { userPseudonym, erased };
  }

  private async toItem(event: ClassifiedTelemetryEvent): Promise<TelemetryItem> {
    const userId = event.event.userId;
    const pseudonym = typeof userId === 'string' ? await this.options.pseudonymizer.pseudonym(userId) : undefined;
    const { item, restricted } = splitEvent(event, pseudonym);
    if (item.sealedFields) {
      item.sealed = await this.options.encryptor.seal(JSON.stringify(restricted), this.context(item.eventId, item.sealedFields));
    }
    return item;
  }

  private context(eventId: string, fields: string[]): FieldContext {
    return { table: this.options.table, key: eventId, fields, schemaVersion: ITEM_VERSION };
  }
}

/** The key id the sealed value's header names (FieldEncryptor layout: u8 version | u16 length | key id). */
function sealedKeyId(sealed: Uint8Array): string | undefined {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 3) return undefined;
  return bytes.subarray(3, 3 + bytes.readUInt16BE(1)).toString('utf8');
}
