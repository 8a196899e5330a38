/** A count with its noun, singular for exactly one: "1 complaint", "2 complaints", "0 categories". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}

/**
 * Full stops as a careful writer leaves them: none doubled where two sentences' parts meet ("as
 * agreed.." or "why?."), an ellipsis left as it is.
 */
export function tidyStops(text: string): string {
  return text.replace(/(?<!\.)([.!?])\.(?!\.)/g, '$1')
}
