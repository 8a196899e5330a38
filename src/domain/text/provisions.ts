/**
 * A message as a resident reads it: staff see which provision of the Code a rule comes from
 * ("Code 1.3: upload the signed form"); a resident gets the plain words ("Upload the signed
 * form"), never a provision number.
 */
export function withoutProvision(message: string): string {
  const plain = message
    .replace(
      /^\s*(?:the\s+)?Code\s+[\d.]+(?:\s*\([a-z]\))?(?:\s*(?:,|and|–|-|to)\s*[\d.]+(?:\s*\([a-z]\))?)*\s*:\s*/i,
      '',
    )
    .replace(/\s*\((?:see\s+)?(?:the\s+)?Code\s+[^)]*\)/gi, '')
    .replace(/,?\s+under\s+(?:the\s+)?Code\s+[\d.]+(?:\s*\([a-z]\))?/gi, '')
  return plain.charAt(0).toUpperCase() + plain.slice(1)
}
