import type { Complaint } from '../complaints/complaint.js'
import { letterBlocks } from './layout.js'
import { letterAddressee } from './recipient.js'

/** A letter's recipient as the envelope's window shows them: the name, then each line, the postcode last. */
export type PostalAddress = { name: string; lines: string[] }

/** A UK postcode, with or without its space (e.g. "LS1 4AP", "ls14ap"). */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/

/** A postcode as Royal Mail prints it: capitals, one space before the last three characters. */
export function formatPostcode(postcode: string): string | undefined {
  const m = POSTCODE.exec(postcode.trim().toUpperCase().replace(/\s+/g, ' '))
  return m ? `${m[1]} ${m[2]}` : undefined
}

/**
 * An address typed on lines, or on one line with commas, as its lines: each part trimmed, empty
 * parts and a repeated postcode left out, the postcode (formatted) last.
 */
export function addressLines(address: string | undefined, postcode: string | undefined): string[] {
  const code = postcode ? (formatPostcode(postcode) ?? postcode.trim().toUpperCase()) : undefined
  // Typed on lines, each line is kept whole ("Flat 3, Oak House"); typed on one line, commas part it.
  const text = (address ?? '').trim()
  const lines = text
    .split(/\r?\n/.test(text) ? /\r?\n/ : /,/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l && (!code || formatPostcode(l) !== code))
  return code ? [...lines, code] : lines
}

/**
 * Where a letter is posted (Code 1.3: the representative once the resident's consent is recorded,
 * else the resident), or what is missing to post it: the address, the postcode, or both.
 */
export function postalAddressOf(
  c: Pick<Complaint, 'resident' | 'representative'>,
):
  | { ok: true; address: PostalAddress }
  | { ok: false; name: string; whose: 'resident' | 'representative'; missing: ('address' | 'postcode')[] } {
  const { name, viaRepresentative } = letterAddressee(c)
  const from = viaRepresentative ? c.representative : c.resident
  const street = (from?.address ?? '').trim()
  const postcode = (from?.postcode ?? '').trim()
  const missing: ('address' | 'postcode')[] = []
  if (!street) missing.push('address')
  if (!postcode) missing.push('postcode')
  if (missing.length)
    return { ok: false, name, whose: viaRepresentative ? 'representative' : 'resident', missing }
  return { ok: true, address: { name, lines: addressLines(street, postcode) } }
}

/** What stops a letter being posted, in words: "Ravi Patel (the representative) has no postcode recorded". */
export function missingAddressText(m: {
  name: string
  whose: 'resident' | 'representative'
  missing: ('address' | 'postcode')[]
}): string {
  const what =
    m.missing.length === 2
      ? 'no postal address or postcode'
      : m.missing[0] === 'address'
        ? 'no postal address'
        : 'no postcode'
  return `${m.name} (the ${m.whose}) has ${what} recorded`
}

/** The name and address a letter as issued is posted to, read from its text, or undefined when it has none. */
export function postedTo(letterText: string): string[] | undefined {
  return letterBlocks(letterText).find((b) => b.kind === 'recipient')?.lines
}
