/**
 * What the password boxes show while the member types (001 1.3, 4.1, 4.2). Only a guide: the server checks every
 * password and explains what it refuses (trivial business passwords, birth dates …).
 */
export interface Hint {
  text: string
  ok: boolean
}

export interface LoginPasswordHints {
  hints: Hint[]
  /** Kinds of characters used (digit, upper, lower, special). */
  kinds: number
  looksValid: boolean
}

export function loginPasswordHints(value: string): LoginPasswordHints {
  const length = value.length >= 8 && value.length <= 16
  const digit = /\d/.test(value)
  const upper = /[A-Z]/.test(value)
  const lower = /[a-z]/.test(value)
  const special = /[^A-Za-z0-9]/.test(value)
  const kinds = [digit, upper, lower, special].filter(Boolean).length
  return {
    hints: [
      { text: '8～16位', ok: length },
      { text: '数字', ok: digit },
      { text: '大写字母', ok: upper },
      { text: '小写字母', ok: lower },
      { text: '特殊字符', ok: special },
      { text: `任意3种（已含${kinds}种）`, ok: kinds >= 3 },
    ],
    kinds,
    looksValid: length && kinds >= 3,
  }
}

export function businessPasswordHints(value: string): { hints: Hint[]; looksValid: boolean } {
  const six = /^\d{6}$/.test(value)
  return { hints: [{ text: '6位数字', ok: six }], looksValid: six }
}
