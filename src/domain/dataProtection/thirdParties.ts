/**
 * UK GDPR Article 15(4): a copy of a resident's data must not adversely affect others. Before a
 * subject access request is released, a person reviews every name that is not the resident's:
 * the staff and representatives the record names, and anything in free text that looks like a
 * name. This finds the latter; it errs towards flagging, because a person decides.
 */

/** Capitalised words that start sentences or name things, not people. */
const notNames = new Set(
  (
    'The This That These Those There Their They Then When Where What Which While Why How Who ' +
    'My Our Your His Her Its We You I A An And But Or If As At By For From In Into Of On To With ' +
    'Dear Yours Regards Kind Best Thank Thanks Please Stage Code Housing Ombudsman Complaint ' +
    'Complaints Team Officer Council Association Homes Street Road Lane Avenue Close Court Way ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May ' +
    'June July August September October November December Awaab Law Act Equality Universal Credit ' +
    'Repairs Repair Damp Mould Gas Safe Service Request Member Responsible Board Senior Lead'
  ).split(' '),
)

const namePattern =
  /\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [A-Z][a-z'’-]+|[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})\b/g

/** Words of free text that look like people's names, other than the resident's own. */
export function possibleNames(text: string, residentName: string): string[] {
  const own = new Set(residentName.toLowerCase().split(/\s+/).filter(Boolean))
  const found = new Set<string>()
  for (const match of text.matchAll(namePattern)) {
    const words = match[0].split(' ')
    const titled = /^(Mr|Mrs|Ms|Miss|Mx|Dr)\.?$/.test(words[0] ?? '')
    const named = titled ? words.slice(1) : words
    if (!titled && named.some((w) => notNames.has(w))) continue
    if (named.every((w) => own.has(w.toLowerCase()))) continue
    found.add(match[0])
  }
  return [...found]
}

export type ThirdParty = { name: string; why: 'member of staff' | 'representative' | 'possible name in text' }

/** Every third party to review, each once, with every file it appears in. */
export function thirdPartyIndex(
  entries: { file: string; known: ThirdParty[]; text: string }[],
  residentName: string,
): { name: string; why: ThirdParty['why']; files: string[] }[] {
  const index = new Map<string, { name: string; why: ThirdParty['why']; files: Set<string> }>()
  const add = (p: ThirdParty, file: string) => {
    const key = p.name.toLowerCase()
    const at = index.get(key) ?? { name: p.name, why: p.why, files: new Set<string>() }
    at.files.add(file)
    index.set(key, at)
  }
  for (const e of entries) {
    for (const p of e.known) if (p.name.toLowerCase() !== residentName.toLowerCase()) add(p, e.file)
    for (const name of possibleNames(e.text, residentName)) {
      if (!index.has(name.toLowerCase())) add({ name, why: 'possible name in text' }, e.file)
      else index.get(name.toLowerCase())?.files.add(e.file)
    }
  }
  return [...index.values()]
    .map((p) => ({ name: p.name, why: p.why, files: [...p.files].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name))
}
