/**
 * Encoding and decoding of the core protocol's JSON at the wire (issue 17): product field names ⇄ the JGJ/T 320 names of
 * ./wire-names.ts, applied recursively along the records. The external client encodes what it sends and decodes what
 * it reads; the core emulator does the reverse. Values are not touched. A key a record does not know stays as it is
 * (with everything under it), so that a field added without its mapping shows on the wire under its product name and
 * `unmappedWireKeys` names it.
 */
import { WIRE_ENVELOPE_KEYS, WIRE_RECORDS, type WireEntry, type WireRecordName } from './wire-names.js';

interface Codec {
  /** product name → [wire name, the value's record] */
  out: Map<string, [string, WireRecordName | undefined]>;
  /** wire name → [product name, the value's record] */
  in: Map<string, [string, WireRecordName | undefined]>;
}

const codecs = new Map<WireRecordName, Codec>();
for (const [record, fields] of Object.entries(WIRE_RECORDS) as [WireRecordName, Record<string, WireEntry>][]) {
  const codec: Codec = { out: new Map(), in: new Map() };
  for (const [field, [wire, , nested]] of Object.entries(fields)) {
    if (nested !== undefined && !Object.hasOwn(WIRE_RECORDS, nested)) throw new Error(`wire-names: ${record}.${field} names no record ${nested}`);
    if (codec.in.has(wire)) throw new Error(`wire-names: ${record} maps two fields to ${wire}`);
    codec.out.set(field, [wire, nested as WireRecordName | undefined]);
    codec.in.set(wire, [field, nested as WireRecordName | undefined]);
  }
  codecs.set(record, codec);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function rename(value: unknown, record: WireRecordName | null | undefined, direction: 'out' | 'in'): unknown {
  if (!record) return value;
  if (Array.isArray(value)) return value.map((v) => rename(v, record, direction));
  if (!isPlainObject(value)) return value;
  const names = codecs.get(record)![direction];
  const renamed: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const known = names.get(key);
    if (known) renamed[known[0]] = rename(v, known[1], direction);
    else renamed[key] = v;
  }
  return renamed;
}

/** A product value (an object of `record`, or a list of them) with the wire's names. */
export function toWire(value: unknown, record: WireRecordName | null): unknown {
  return rename(value, record, 'out');
}

/** A value read from the wire with the product's names. */
export function fromWire(value: unknown, record: WireRecordName | null): unknown {
  return rename(value, record, 'in');
}

/**
 * The keys of a wire value (an answer's `result`, as sent) that are not wire names of the record where they stand:
 * each as `at.key (record): …`. Empty when every key is mapped.
 */
function unmappedWireKeys(value: unknown, record: WireRecordName | null, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unmappedWireKeys(v, record, `${at}[${i}]`));
  if (!isPlainObject(value)) return [];
  const names = record ? codecs.get(record)!.in : new Map<string, [string, WireRecordName | undefined]>();
  return Object.entries(value).flatMap(([key, v]) => {
    const known = names.get(key);
    if (known) return unmappedWireKeys(v, known[1] ?? null, `${at}.${key}`);
    return [`${at}.${key} (${record ?? 'no record'}): not a wire name of server/src/core/external/wire-names.ts — map the field there`];
  });
}

/** The keys of a whole answer body not allowed on the wire: the envelope's own, then `result` by the operation's record. */
export function unmappedAnswerKeys(body: unknown, record: WireRecordName | null): string[] {
  if (!isPlainObject(body)) return [];
  return Object.entries(body).flatMap(([key, v]) => {
    if (!(WIRE_ENVELOPE_KEYS as readonly string[]).includes(key)) return [`$.${key}: not a key of the answer's envelope (result; code, message)`];
    return key === 'result' ? unmappedWireKeys(v, record, '$.result') : [];
  });
}

/** Every entry of the dictionary: its record, product field, wire name and Chinese name (README, the document). */
export function wireDictionary(): { record: WireRecordName; field: string; wire: string; name: string }[] {
  return (Object.entries(WIRE_RECORDS) as [WireRecordName, Record<string, WireEntry>][]).flatMap(([record, fields]) =>
    Object.entries(fields).map(([field, [wire, name]]) => ({ record, field, wire, name })),
  );
}
