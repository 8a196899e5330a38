/** Text for a LIKE pattern that matches itself only: `\`, `%` and `_` escaped (LIKE's default escape). */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, '\\$&')
