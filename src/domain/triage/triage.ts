import type { HazardKind } from '../hazards/vocabulary.js'
import { plural } from '../text/plural.js'

/**
 * Triage at intake (Code 6.1): which complaints can be answered early and which need investigation,
 * considering their complexity and whether the resident is vulnerable or at risk. The service
 * suggests a priority and flags, with the reasons, from plain rules the landlord can change; the
 * handler confirms or changes them. Keywords and record facts only: explainable, no external service.
 */
export const priorities = ['urgent', 'high', 'normal'] as const
export type Priority = (typeof priorities)[number]
export const priorityLabels: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal' }
const rank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2 }
/** The order queues sort by: urgent first, complaints not yet triaged last. */
export const priorityRank = (p: string | null | undefined): number =>
  p && p in rank ? rank[p as Priority] : priorities.length

/** Code 6.1: the window in which earlier complaints make a resident or a home a repeat: the last 12 months. */
export function repeatWindowStart(receivedAt: Date): Date {
  const d = new Date(receivedAt)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d
}

/** What the records say about the resident and the complaint, beside its words. */
export type TriageFacts = {
  /** A disclosed vulnerability or disability, or adjustments asked for. */
  vulnerable: boolean
  /** Earlier complaints from the same resident in the last 12 months. */
  earlierFromResident: number
  /** Earlier complaints about the same address in the last 12 months. */
  earlierAtAddress: number
  categories: number
}

export const triageFacts = ['vulnerable', 'repeatResident', 'repeatAddress', 'complex'] as const
export type TriageFact = (typeof triageFacts)[number]

type RuleBase = {
  id: string
  /** The flag it raises, e.g. "Damp and mould", "Safety risk". */
  flag: string
  priority: Priority
  /** Offered as an Awaab's Law hazard to record. */
  suggestsHazard?: HazardKind
  active?: boolean
}
/** Words or phrases, matched whole and regardless of case; a trailing * matches any ending ("leak*": leaks, leaking). */
export type KeywordRule = RuleBase & { words: string[] }
/** A fact from the records, with its threshold where it has one. */
export type FactRule = RuleBase & { fact: TriageFact; atLeast?: number }
export type TriageRule = KeywordRule | FactRule

/** Where a landlord starts: the risks the Code and Awaab's Law name, and the record facts 6.1 asks about. */
export const defaultTriageRules: TriageRule[] = [
  {
    id: 'damp-and-mould',
    flag: 'Damp and mould',
    priority: 'high',
    suggestsHazard: 'damp_and_mould',
    words: ['damp*', 'mould*', 'mold*', 'condensation', 'black spots'],
  },
  {
    id: 'leak',
    flag: 'Leak',
    priority: 'high',
    words: ['leak*', 'flood*', 'water coming in', 'water pouring'],
  },
  {
    id: 'safety',
    flag: 'Safety risk',
    priority: 'urgent',
    suggestsHazard: 'emergency',
    words: [
      'gas',
      'smell of gas',
      'carbon monoxide',
      'electric*',
      'sparks',
      'sparking',
      'exposed wires',
      'fire',
      'smoke alarm*',
      'asbestos',
      'collapse*',
    ],
  },
  {
    id: 'no-heating',
    flag: 'No heating or hot water',
    priority: 'urgent',
    suggestsHazard: 'emergency',
    words: [
      'no heating',
      'no hot water',
      'boiler broken',
      'heating broken',
      'heating not working',
      'no heat',
    ],
  },
  {
    id: 'safeguarding',
    flag: 'Safeguarding',
    priority: 'urgent',
    words: [
      'violen*',
      'assault*',
      'threat*',
      'abuse*',
      'safeguarding',
      'suicid*',
      'self-harm*',
      'self harm*',
      'harass*',
    ],
  },
  { id: 'vulnerable', flag: 'Vulnerability disclosed', priority: 'high', fact: 'vulnerable' },
  {
    id: 'repeat-resident',
    flag: 'Repeat complainant',
    priority: 'normal',
    fact: 'repeatResident',
    atLeast: 2,
  },
  { id: 'repeat-address', flag: 'Repeat address', priority: 'normal', fact: 'repeatAddress', atLeast: 2 },
  { id: 'complex', flag: 'Complex', priority: 'normal', fact: 'complex', atLeast: 3 },
]

export type TriageFlag = { ruleId: string; flag: string; priority: Priority; reasons: string[] }
export type TriageSuggestion = {
  priority: Priority
  flags: TriageFlag[]
  /** The Awaab's Law hazard kind the words point to, the more serious first. */
  hazard?: HazardKind
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const patterns = new Map<string, RegExp>()
/**
 * The pattern for one word or phrase: whole words, any case, a trailing * for any ending. Made
 * once for each word (every complaint is triaged against the same rules); only `matchAll` uses
 * them, which copies the pattern, so one made once is never left part-way through a text.
 */
function patternFor(word: string): RegExp {
  let pattern = patterns.get(word)
  if (pattern) return pattern
  const w = word.trim().toLowerCase()
  const prefix = w.endsWith('*')
  const body = escapeRegExp(prefix ? w.slice(0, -1) : w).replace(/\s+/g, '\\s+')
  pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${body}${prefix ? '[\\p{L}\\p{N}-]*' : '(?![\\p{L}\\p{N}])'}`,
    'giu',
  )
  if (patterns.size >= 10_000) patterns.clear() // rules are edited now and then: old words go
  patterns.set(word, pattern)
  return pattern
}

/** The words of the text a keyword rule found, each once, as written. */
export function wordsFound(text: string, words: string[]): string[] {
  const found = new Map<string, string>()
  for (const w of words)
    for (const m of text.matchAll(patternFor(w)))
      found.set(m[0].toLowerCase(), found.get(m[0].toLowerCase()) ?? m[0])
  return [...found.values()]
}

function factReason(rule: FactRule, facts: TriageFacts): string | undefined {
  const atLeast = rule.atLeast ?? 1
  switch (rule.fact) {
    case 'vulnerable':
      return facts.vulnerable
        ? 'The resident has disclosed a vulnerability or asked for adjustments'
        : undefined
    case 'repeatResident':
      return facts.earlierFromResident >= atLeast
        ? `${plural(facts.earlierFromResident, 'earlier complaint')} from this resident in the last 12 months`
        : undefined
    case 'repeatAddress':
      return facts.earlierAtAddress >= atLeast
        ? `${plural(facts.earlierAtAddress, 'earlier complaint')} about this address in the last 12 months`
        : undefined
    case 'complex':
      return facts.categories >= atLeast
        ? `It spans ${plural(facts.categories, 'category', 'categories')}`
        : undefined
  }
}

/** The suggested priority and flags, each with why; nothing matched is normal priority with no flags. */
export function suggestTriage(text: string, facts: TriageFacts, rules: TriageRule[]): TriageSuggestion {
  const flags: TriageFlag[] = []
  let hazard: HazardKind | undefined
  for (const rule of rules) {
    if (rule.active === false) continue
    let reasons: string[] = []
    if ('words' in rule) {
      const found = wordsFound(text, rule.words)
      if (found.length) reasons = [`Mentions ${found.map((w) => `“${w}”`).join(', ')}`]
    } else {
      const why = factReason(rule, facts)
      if (why) reasons = [why]
    }
    if (!reasons.length) continue
    flags.push({ ruleId: rule.id, flag: rule.flag, priority: rule.priority, reasons })
    if (rule.suggestsHazard && (hazard === undefined || rule.suggestsHazard === 'emergency'))
      hazard = rule.suggestsHazard
  }
  flags.sort((a, b) => rank[a.priority] - rank[b.priority])
  return { priority: flags[0]?.priority ?? 'normal', flags, ...(hazard ? { hazard } : {}) }
}

/** The suggestion as recorded with the complaint: and which version of the rules made it. */
export type TriageRecord = TriageSuggestion & { rulesVersion: number }

export const factLabels: Record<TriageFact, string> = {
  vulnerable: 'The resident has disclosed a vulnerability or asked for adjustments',
  repeatResident: 'Earlier complaints from the same resident in the last 12 months, at least',
  repeatAddress: 'Earlier complaints about the same address in the last 12 months, at least',
  complex: 'Categories the complaint spans, at least',
}

/** What a rule looks at, in words, for the settings page and the case page. */
export function ruleInWords(rule: TriageRule): string {
  if ('words' in rule) return `Mentions ${rule.words.map((w) => `“${w}”`).join(', ')}`
  return rule.fact === 'vulnerable' ? factLabels.vulnerable : `${factLabels[rule.fact]} ${rule.atLeast ?? 1}`
}

const hazardKindsOffered = ['emergency', 'damp_and_mould'] as const

/**
 * Whether a set of rules is one the service can run and a person can read: each rule a flag, a
 * priority, and either words or a fact; ids unique. Returns the rules tidied (trimmed, words
 * lower-cased, duplicates dropped), or the problems, each naming the rule.
 */
export function checkTriageRules(
  rules: TriageRule[],
): { ok: true; rules: TriageRule[] } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = []
  const ids = new Set<string>()
  const flags = new Set<string>()
  const tidy: TriageRule[] = []
  rules.forEach((r, i) => {
    const where = `rules[${i}]`
    const flag = r.flag?.trim() ?? ''
    const name = flag || `rule ${i + 1}`
    if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(r.id ?? ''))
      problems.push({
        field: `${where}.id`,
        message: `${name}: its id must be lower-case letters, digits and hyphens`,
      })
    else if (ids.has(r.id))
      problems.push({ field: `${where}.id`, message: `${name}: another rule has the id “${r.id}”` })
    ids.add(r.id)
    if (!flag) problems.push({ field: `${where}.flag`, message: `Rule ${i + 1}: give the flag it raises` })
    else if (flag.length > 60)
      problems.push({ field: `${where}.flag`, message: `${name}: the flag must be 60 characters or fewer` })
    else if (flags.has(flag.toLowerCase()))
      problems.push({ field: `${where}.flag`, message: `${name}: another rule raises the same flag` })
    flags.add(flag.toLowerCase())
    if (!priorities.includes(r.priority))
      problems.push({
        field: `${where}.priority`,
        message: `${name}: the priority must be one of ${priorities.join(', ')}`,
      })
    if (r.suggestsHazard !== undefined && !hazardKindsOffered.includes(r.suggestsHazard))
      problems.push({
        field: `${where}.suggestsHazard`,
        message: `${name}: the hazard must be one of ${hazardKindsOffered.join(', ')}`,
      })
    const base = {
      id: r.id,
      flag,
      priority: r.priority,
      ...(r.suggestsHazard ? { suggestsHazard: r.suggestsHazard } : {}),
      ...(r.active === false ? { active: false } : {}),
    }
    if ('words' in r) {
      const words = [
        ...new Set((r.words ?? []).map((w) => w.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean)),
      ]
      if (!words.length)
        problems.push({ field: `${where}.words`, message: `${name}: give at least one word or phrase` })
      for (const w of words) {
        if (w.replace(/\*$/, '').length < 2)
          problems.push({ field: `${where}.words`, message: `${name}: “${w}” is too short to match safely` })
        else if (w.slice(0, -1).includes('*'))
          problems.push({ field: `${where}.words`, message: `${name}: “${w}”: * may only end a word` })
        else if (w.length > 60)
          problems.push({ field: `${where}.words`, message: `${name}: “${w}” is longer than 60 characters` })
      }
      if (words.length > 100)
        problems.push({ field: `${where}.words`, message: `${name}: at most 100 words or phrases` })
      tidy.push({ ...base, words })
    } else if ('fact' in r) {
      if (!triageFacts.includes(r.fact))
        problems.push({
          field: `${where}.fact`,
          message: `${name}: the fact must be one of ${triageFacts.join(', ')}`,
        })
      const atLeast = r.atLeast ?? 1
      if (!Number.isInteger(atLeast) || atLeast < 1 || atLeast > 100)
        problems.push({
          field: `${where}.atLeast`,
          message: `${name}: the threshold must be a whole number from 1 to 100`,
        })
      tidy.push({ ...base, fact: r.fact, ...(r.fact === 'vulnerable' ? {} : { atLeast }) })
    } else problems.push({ field: where, message: `${name}: a rule matches words or a record fact` })
  })
  return problems.length ? { ok: false, problems } : { ok: true, rules: tidy }
}

/**
 * The flags as the case page shows them: each suggested flag with its reasons (and whether the
 * handler kept it), then any the handler added.
 */
export function flagsShown(
  suggested: TriageSuggestion | undefined,
  confirmed: { flags: string[] } | undefined,
): {
  flag: string
  priority?: Priority
  reasons: string[]
  status: 'suggested' | 'kept' | 'removed' | 'added'
}[] {
  const fromRules = (suggested?.flags ?? []).map((f) => ({
    flag: f.flag,
    priority: f.priority,
    reasons: f.reasons,
    status: !confirmed
      ? ('suggested' as const)
      : confirmed.flags.includes(f.flag)
        ? ('kept' as const)
        : ('removed' as const),
  }))
  const added = (confirmed?.flags ?? [])
    .filter((f) => !fromRules.some((s) => s.flag === f))
    .map((flag) => ({ flag, reasons: [], status: 'added' as const }))
  return [...fromRules, ...added]
}
