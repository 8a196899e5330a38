/** The text without surrounding white space, or undefined when nothing is left. */
export const trimmed = (s: string | undefined) => s?.trim() || undefined
