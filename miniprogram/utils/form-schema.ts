/**
 * An application's form as the server describes it (JSON Schema of the kind's fields, each with its Chinese label as
 * description) → input rows, and the rows back into the form the server takes. Amounts are fen on the wire and yuan
 * on screen. Only a guide for typing: the server validates and names the field it refuses.
 */
import { fenToInput, formatFen, parseYuan } from './money'

export type FieldKind = 'text' | 'date' | 'choice' | 'money'

export interface FormField {
  key: string
  label: string
  kind: FieldKind
  required: boolean
  options: string[]
  /** What the input shows: text, a date, a choice, or yuan for amounts. */
  value: string
  placeholder: string
}

interface PropertySchema {
  type?: string
  description?: string
  enum?: unknown[]
  pattern?: string
  maxLength?: number
}

const FEN_SUFFIX = /（分）$/

function kindOf(key: string, p: PropertySchema): FieldKind {
  if (Array.isArray(p.enum)) return 'choice'
  if (p.type === 'integer' && (FEN_SUFFIX.test(p.description || '') || /Fen$/.test(key))) return 'money'
  if (p.pattern && p.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'date'
  return 'text'
}

/** The rows of a form schema, filled with what the application holds. */
export function formFields(schema: Record<string, unknown> | undefined, values: Record<string, unknown> = {}): FormField[] {
  const props = (schema && (schema.properties as Record<string, PropertySchema>)) || {}
  const required = new Set((schema && (schema.required as string[])) || [])
  return Object.keys(props).map((key) => {
    const p = props[key] as PropertySchema
    const kind = kindOf(key, p)
    // "提取金额（分），默认最小自还金额，只能调大" → label 提取金额, the rest as the placeholder.
    const description = (p.description || key).replace(/（分）/, '')
    const [label, ...rest] = description.split(/[，,]/)
    const raw = values[key]
    const value = raw === undefined || raw === null ? '' : kind === 'money' ? fenToInput(Number(raw)) : String(raw)
    const placeholder = rest.length
      ? rest.join('，')
      : kind === 'money'
        ? '请输入金额'
        : kind === 'date'
          ? '请选择日期'
          : kind === 'choice'
            ? '请选择'
            : `请输入${label}`
    return { key, label: label || key, kind, required: required.has(key), options: (p.enum || []).map(String), value, placeholder }
  })
}

/** The form to send, or the label of the first amount that is not one (请正确填写…). Empty rows are left out. */
export function formValues(fields: FormField[]): { form: Record<string, unknown> } | { invalid: string } {
  const form: Record<string, unknown> = {}
  for (const f of fields) {
    const text = f.value.trim()
    if (!text) continue
    if (f.kind === 'money') {
      const fen = parseYuan(text)
      if (fen === null || fen <= 0) return { invalid: f.label }
      form[f.key] = fen
    } else form[f.key] = text
  }
  return { form }
}

/** Read-only rows of a submitted form (amounts in yuan), in the schema's order. */
export function formRows(values: Record<string, unknown>, schema?: Record<string, unknown>): Array<{ label: string; value: string }> {
  // Without the schema (a kind this page cannot describe) the field names mean nothing to the member: show none.
  return formFields(schema, values)
    .filter((f) => f.value)
    .map((f) => ({ label: f.label, value: f.kind === 'money' ? `${formatFen(Number(values[f.key]))}元` : f.value }))
}
