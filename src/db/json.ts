/** A JSON column's value: node-postgres and PGlite hand it over parsed, a raw string when not. */
export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T
