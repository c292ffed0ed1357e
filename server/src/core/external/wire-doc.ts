/**
 * Writes the wire names of ./wire-names.ts into the OpenAPI document of the core protocol (./core-api.openapi.json), so
 * that its property names cannot drift from what the client and the emulator send: every property of every schema is
 * renamed to its record's wire name (a product name or a wire name is accepted, so the step can be run again), titled
 * with its Chinese data element name, and its description starts with that name. `npm run core-api:doc` rewrites the
 * file; test/core-emulator.test.ts fails while the committed document is not what this makes of it.
 */
import { CORE_OPERATIONS, type CoreOperation } from '../protocol.js';
import { OPERATION_RESULTS, WIRE_RECORDS, type WireEntry, type WireRecordName } from './wire-names.js';

type Schema = {
  $ref?: string;
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  discriminator?: { propertyName: string };
  [k: string]: unknown;
};

interface Doc {
  info: { description: string };
  paths: Record<string, { post?: { requestBody: { description?: string; content: Record<string, { schema: Schema }> }; responses: Record<string, Response> } }>;
  components: { schemas: Record<string, Schema> };
}
type Response = { content?: Record<string, { schema: Schema }> };

/** The record of each of the document's component schemas (null: not a record: the envelope's error, an enum). */
const COMPONENT_RECORDS: Record<string, WireRecordName | null> = {
  Error: null,
  Channel: null,
  Member: 'Member',
  MemberProfilePatch: 'MemberProfilePatch',
  Contact: 'Contact',
  FundAccount: 'FundAccount',
  MemberWithAccount: 'MemberWithAccount',
  MemberOverview: 'MemberOverview',
  NextDue: 'NextDue',
  LedgerEntry: 'LedgerEntry',
  LedgerPosting: 'LedgerPosting',
  DateRange: 'DateRange',
  Page: 'Page',
  LedgerRows: 'LedgerRows',
  LedgerTotals: 'LedgerTotals',
  YearSpan: 'YearSpan',
  LedgerPage: 'LedgerPage',
  Loan: 'Loan',
  LoanRepayment: 'LoanRepayment',
  PlanPeriod: 'PlanPeriod',
  UnpaidInstalment: 'UnpaidInstalment',
  OverdueRecord: 'OverdueRecord',
  LoanProgress: 'LoanProgress',
  CounterRegistration: 'CounterRegistration',
  Outlet: 'Outlet',
  HousingProject: 'HousingProject',
  InterestRate: 'InterestRate',
  BusinessRequest: 'BusinessRequest',
  WithdrawalRequest: 'BusinessRequest',
  LoanRepaymentRequest: 'BusinessRequest',
  LoanDisbursementRequest: 'BusinessRequest',
  RepaymentAccountChangeRequest: 'BusinessRequest',
  OffsetSigningRequest: 'BusinessRequest',
  OffsetPayer: 'OffsetPayer',
  NewLoan: 'NewLoan',
  LoanRepaymentInput: 'LoanRepaymentInput',
  BusinessResult: 'BusinessResult',
  EventPage: 'EventPage',
  CoreEvent: 'CoreEvent',
  DepositEvent: 'CoreEvent',
  BackPayEvent: 'CoreEvent',
  BaseChangeEvent: 'CoreEvent',
  BusinessProgressEvent: 'CoreEvent',
  LoanDisbursedEvent: 'CoreEvent',
  InstalmentDeductedEvent: 'CoreEvent',
  OverdueEvent: 'CoreEvent',
};

const FIELD_NAMES_NOTE =
  'Field names are the data element identifiers of JGJ/T 320-2014 住房公积金基础数据标准 (upper-case pinyin initials: GRZH 个人账号, GRZHYE 个人账户余额 …); a name starting with X_ is an extension for what the standard has no element for. Each property’s title and description give its Chinese data element name.';

/** The dictionary entry of `key` in `record`, looked up by product name or by wire name. */
function entryOf(record: WireRecordName, key: string): WireEntry | undefined {
  const fields = WIRE_RECORDS[record] as Record<string, WireEntry>;
  return fields[key] ?? Object.values(fields).find(([wire]) => wire === key);
}

function titled(schema: Schema, name: string): Schema {
  const { title, description, ...rest } = schema;
  let base = description ?? '';
  if (title && base.startsWith(title)) base = base.slice(title.length).replace(/^ — /, '');
  return { ...rest, title: name, description: base ? `${name} — ${base}` : name };
}

function apply(schema: Schema, record: WireRecordName, at: string, problems: string[]): void {
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) apply(branch, record, at, problems);
  if (schema.items) apply(schema.items, record, `${at}[]`, problems);
  if (schema.discriminator) schema.discriminator.propertyName = entryOf(record, schema.discriminator.propertyName)?.[0] ?? schema.discriminator.propertyName;
  if (!schema.properties) return;
  const renamed: Record<string, string> = {};
  const properties: Record<string, Schema> = {};
  for (const [key, sub] of Object.entries(schema.properties)) {
    const entry = entryOf(record, key);
    if (!entry) {
      problems.push(`${at}.${key}: no wire name in the record ${record} of server/src/core/external/wire-names.ts`);
      properties[key] = sub;
      continue;
    }
    const [wire, name, nested] = entry;
    const out = titled(sub, name);
    if (nested) apply(out, nested as WireRecordName, `${at}.${wire}`, problems);
    properties[wire] = out;
    renamed[key] = wire;
  }
  schema.properties = properties;
  if (schema.required) schema.required = schema.required.map((k) => renamed[k] ?? k);
}

/** The document with the wire names, and what could not be named (an unknown property, schema or operation). */
export function withWireNames(input: unknown): { doc: Doc; problems: string[] } {
  const doc = structuredClone(input) as Doc;
  const problems: string[] = [];
  if (!doc.info.description.includes(FIELD_NAMES_NOTE)) doc.info.description = `${doc.info.description} ${FIELD_NAMES_NOTE}`;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/ops/') || !item.post) continue;
    const op = path.slice('/v1/ops/'.length);
    if (!Object.hasOwn(CORE_OPERATIONS, op)) {
      problems.push(`paths.${path}: not an operation of CORE_OPERATIONS`);
      continue;
    }
    const body = item.post.requestBody;
    apply(body.content['application/json']!.schema, 'Arguments', `${op}.requestBody`, problems);
    const wireArgs = CORE_OPERATIONS[op as CoreOperation].map((name) => entryOf('Arguments', name)?.[0] ?? name);
    body.description = `The arguments by name, in the order ${JSON.stringify(wireArgs).replaceAll(',', ', ')}.`;
    const result = item.post.responses['200']?.content?.['application/json']?.schema.properties?.['result'];
    const record = OPERATION_RESULTS[op as CoreOperation];
    if (result && record) apply(result, record, `${op}.result`, problems);
  }
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!Object.hasOwn(COMPONENT_RECORDS, name)) {
      problems.push(`components.schemas.${name}: no record in COMPONENT_RECORDS (server/src/core/external/wire-doc.ts)`);
      continue;
    }
    const record = COMPONENT_RECORDS[name];
    if (record) apply(schema, record, name, problems);
  }
  return { doc, problems };
}
