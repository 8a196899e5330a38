import type { Clock } from '../clock.js'
import { addCalendarDays, londonDateOf } from '../domain/calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../domain/calendar/workingDayCalendar.js'
import { type Channel, channels } from '../domain/complaints/vocabulary.js'
import type { StaffRole } from '../domain/staff/roles.js'
import type { Actor } from './complaints.js'
import type { Services } from './index.js'

/** A small seeded random generator, so every demo install (and every benchmark) tells the same story. */
export function seededRandom(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const firstNames = [
  'Asha',
  'Tom',
  'Grace',
  'Mohammed',
  'Ellie',
  'Kwame',
  'Sophie',
  'Daniel',
  'Fatima',
  'Liam',
  'Chloe',
  'Ravi',
  'Megan',
  'Oluwaseun',
  'Jack',
  'Hannah',
  'Tariq',
  'Beth',
  'Connor',
  'Amira',
]
const lastNames = [
  'Patel',
  'Jones',
  'Williams',
  'Khan',
  'Taylor',
  'Mensah',
  'Brown',
  'Evans',
  'Ahmed',
  'Walker',
  'Hughes',
  'Okafor',
  'Roberts',
  'Begum',
  'Wright',
  'Lewis',
  'Clarke',
  'Nowak',
  'Green',
  'Hall',
]
const streets = [
  'Hartshill Road',
  'Victoria Street',
  'Trentham Road',
  'Mill Lane',
  'Park Avenue',
  'Church Street',
  'Station Road',
  'Queensway',
]

const stories: Record<string, { description: string; issues: string[]; outcome: string }[]> = {
  repairs: [
    {
      description:
        'I reported a leaking kitchen tap six weeks ago and nobody has come. Water is getting into the cupboard.',
      issues: ['Repair to the kitchen tap not done after six weeks'],
      outcome: 'Fix the tap and the damaged cupboard',
    },
    {
      description:
        'The boiler has broken down three times this winter and each time I waited days for an engineer.',
      issues: ['Repeated boiler breakdowns', 'Delays in engineers attending'],
      outcome: 'Replace the boiler',
    },
  ],
  damp_and_mould: [
    {
      description:
        'Black mould in my son’s bedroom keeps coming back. It was wiped down but the cause was never fixed.',
      issues: ['Recurring mould in the bedroom', 'Cause of the damp not investigated'],
      outcome: 'Find and fix the cause of the damp',
    },
    {
      description:
        'Condensation is running down the windows and the bathroom ceiling is stained. My daughter has asthma.',
      issues: [
        'Damp and condensation throughout the home',
        'Health impact on a child with asthma not considered',
      ],
      outcome: 'A damp survey and proper ventilation',
    },
  ],
  anti_social_behaviour: [
    {
      description: 'I reported noise from the flat above at night many times and nothing has been done.',
      issues: ['Reports of night-time noise not acted on'],
      outcome: 'Action on the noise and a named officer',
    },
  ],
  staff_conduct: [
    {
      description: 'The officer who visited was rude to me and did not listen when I explained the problem.',
      issues: ['Staff member’s manner during a visit'],
      outcome: 'An apology',
    },
  ],
  complaint_handling: [
    {
      description: 'I made a complaint in the summer and never heard anything back.',
      issues: ['No response to an earlier complaint'],
      outcome: 'A proper answer to my complaint',
    },
  ],
  communication: [
    {
      description: 'I have phoned five times about my transfer and nobody calls back as promised.',
      issues: ['Promised call-backs not made'],
      outcome: 'Regular updates from one contact',
    },
  ],
  rent_and_service_charges: [
    {
      description: 'My service charge went up by a third with no explanation of what it pays for.',
      issues: ['Service charge increase not explained'],
      outcome: 'A breakdown of the charge',
    },
  ],
  estate_and_grounds: [
    {
      description: 'The communal bins have not been emptied for three weeks and there are rats.',
      issues: ['Bins not emptied', 'Vermin on the estate'],
      outcome: 'Bins emptied and pest control',
    },
  ],
}
const categories = Object.keys(stories)

type Plan =
  | 'received'
  | 'stage1'
  | 'stage1_responded'
  | 'stage2_requested'
  | 'stage2'
  | 'stage2_responded'
  | 'closed'
  | 'not_accepted'
  | 'withdrawn'
const plans: [Plan, number][] = [
  ['received', 10],
  ['stage1', 25],
  ['stage1_responded', 14],
  ['stage2_requested', 5],
  ['stage2', 10],
  ['stage2_responded', 8],
  ['closed', 18],
  ['not_accepted', 5],
  ['withdrawn', 5],
]

/**
 * About 200 realistic complaints for demo mode, made through the same services the API
 * uses, so every one has a true history: across every state, category and channel, some
 * overdue, some extended, some at stage 2.
 */
export async function seedDemoComplaints(
  services: Services,
  staff: { id: string; role: StaffRole; email: string }[],
  clock: DemoClock,
  count = 200,
): Promise<number> {
  const now = clock.now()
  try {
    return await seedWithClock(services, staff, clock, now, count)
  } finally {
    clock.set(now)
  }
}

/**
 * The clock `services` run on, which the demo moves to each step's time: every step is recorded
 * when it happened, as it would have been live, so none is "recorded late".
 */
export type DemoClock = Clock & { set(at: Date): void }

async function seedWithClock(
  services: Services,
  staff: { id: string; role: StaffRole; email: string }[],
  clock: DemoClock,
  now: Date,
  count: number,
): Promise<number> {
  const rand = seededRandom(20240401)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T
  const handlers = staff.filter((s) => s.role === 'handler').map((s) => ({ id: s.id, role: s.role }) as Actor)
  const officer = staff.find((s) => s.role === 'complaints_officer')
  const stage2People: Actor[] = [...(officer ? [{ id: officer.id, role: officer.role }] : []), ...handlers]
  if (!handlers.length) return 0
  const calendar: WorkingDayCalendar = await services.calendar.current()
  const today = londonDateOf(now)
  const totalWeight = plans.reduce((s, [, w]) => s + w, 0)
  const choosePlan = () => {
    let r = rand() * totalWeight
    for (const [p, w] of plans) {
      r -= w
      if (r <= 0) return p
    }
    return 'stage1' as Plan
  }
  /** An instant on a working day, `days` working days after `date`, during office hours. */
  const workingInstant = (date: string, days: number) => {
    const day = calendar.addWorkingDays(date, days)
    const hour = 8 + Math.floor(rand() * 9)
    const minute = Math.floor(rand() * 60)
    return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`)
  }
  const notFuture = (d: Date) => d.getTime() < now.getTime()

  let made = 0
  for (let i = 0; i < count; i++) {
    const plan = choosePlan()
    const category = pick(categories)
    const story = pick(stories[category] ?? [])
    const name = `${pick(firstNames)} ${pick(lastNames)}`
    const channel: Channel = pick(channels)
    // Later plans need older complaints to have got that far. Closed, refused and withdrawn
    // complaints reach back over the previous reporting year too, so every report has figures
    // for a whole year and the one before it.
    const ageDays = {
      received: 6,
      stage1: 25,
      stage1_responded: 40,
      stage2_requested: 45,
      stage2: 60,
      stage2_responded: 90,
      closed: 620,
      not_accepted: 400,
      withdrawn: 400,
    }[plan]
    const start = addCalendarDays(today, -Math.floor(3 + rand() * ageDays))
    const receivedAt = workingInstant(start, 0)
    if (!notFuture(receivedAt)) continue
    const h1 = pick(handlers)
    const logger = pick(handlers)
    const consentLater = channel === 'third_party' && rand() < 0.4
    clock.set(receivedAt)
    const { view } = await services.complaints.receive(
      {
        channel,
        receivedAt,
        description: story?.description ?? 'Unhappy with the service',
        outcomeSought: story?.outcome,
        resident: {
          name,
          email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
          phone: `07700 900${String(100 + i).slice(-3)}`,
          address: `${1 + Math.floor(rand() * 120)} ${pick(streets)}, Stoke-on-Trent`,
          postcode: `ST${1 + Math.floor(rand() * 9)} ${1 + Math.floor(rand() * 9)}${pick(['AB', 'DF', 'HJ', 'LN', 'PR'])}`,
          tenancyReference: `T${String(10000 + Math.floor(rand() * 89999))}`,
        },
        ...(channel === 'third_party'
          ? {
              // Code 1.3: some arrive before the resident's consent; they are logged all the same.
              representative: {
                name: `Cllr ${pick(lastNames)}`,
                relationship: 'local councillor',
                ...(consentLater
                  ? { consentGiven: false }
                  : { consentGiven: true, consentDetails: 'Resident confirmed by phone' }),
              },
            }
          : {}),
        // Code 2.3: when it happened, where the resident said (long ago for some refused as too old).
        // Refusing one as older than 12 months needs both dates: the resident knew at the time.
        ...(plan === 'not_accepted'
          ? (() => {
              const occurred = addCalendarDays(start, -430 - Math.floor(rand() * 200))
              return { issueOccurredOn: occurred, residentAwareOn: occurred }
            })()
          : rand() < 0.5
            ? { issueOccurredOn: addCalendarDays(start, -Math.floor(7 + rand() * 60)) }
            : {}),
        categories: [category],
        // For the TSM: mostly low-cost rental, some shared ownership, a few others or not known.
        ...(() => {
          const r = rand()
          return r < 0.75
            ? { tenure: 'lcra' }
            : r < 0.88
              ? { tenure: 'lcho' }
              : r < 0.95
                ? { tenure: 'other' }
                : {}
        })(),
      },
      logger,
    )
    made++
    const id = view.complaint.id
    let last = receivedAt
    const step = async (days: number, fn: (at: Date) => Promise<unknown>) => {
      const at = workingInstant(londonDateOf(last), days)
      if (at <= last || !notFuture(at)) return false
      clock.set(at)
      await fn(at)
      last = at
      return true
    }
    if (plan === 'received') continue
    if (plan === 'not_accepted' && rand() < 0.6) {
      await step(1 + Math.floor(rand() * 3), (at) =>
        services.complaints.refuse(id, h1, {
          reason: pick(['older_than_12_months', 'legal_proceedings', 'previously_considered']),
          explanation: 'Considered on its own merits: see the letter for our reasons.',
          discretion: {
            reason: 'No good reason was given for the delay, and the records from then are gone.',
          },
          refusedAt: at,
        }),
      )
      continue
    }
    // Most acknowledgements are on time; some are late, so their record shows it.
    const ackDays = rand() < 0.85 ? 1 + Math.floor(rand() * 4) : 6 + Math.floor(rand() * 3)
    if (
      !(await step(ackDays, (at) =>
        services.complaints.acknowledge(id, h1, {
          acknowledgedAt: at,
          handlerId: h1.id,
          definition: {
            issues: story?.issues ?? ['Service'],
            outcomesSought: [story?.outcome ?? 'Put it right'],
          },
        }),
      ))
    )
      continue
    if (consentLater && rand() < 0.5)
      await step(1, (at) =>
        services.complaints.recordConsent(id, h1, {
          how: 'Signed consent form returned by the resident',
          consentAt: at,
        }),
      )
    if (plan === 'withdrawn') {
      await step(2, (at) =>
        services.complaints.withdraw(id, h1, {
          how: 'phone',
          note: 'The resident says the problem has now been sorted out.',
          withdrawnAt: at,
        }),
      )
      continue
    }
    if (plan === 'not_accepted') {
      await step(1, (at) =>
        services.complaints.refuse(id, h1, {
          reason: 'legal_proceedings',
          explanation: 'A disrepair claim about the same matters was filed at court before the complaint.',
          refusedAt: at,
        }),
      )
      continue
    }
    if (rand() < 0.3)
      await step(1, (at) =>
        services.complaints.recordContact(id, h1, {
          direction: 'outgoing',
          method: 'phone',
          summary: 'Called the resident to talk through the complaint and arrange a visit.',
          contactAt: at,
        }),
      )
    if (rand() < 0.2)
      await step(3, (at) =>
        services.complaints.extend(id, h1, {
          workingDays: 5 + Math.floor(rand() * 5),
          reason: 'We are waiting for a contractor’s report.',
          extendedAt: at,
        }),
      )
    if (plan === 'stage1') continue
    const upheld = pick(['upheld', 'partly_upheld', 'not_upheld'] as const)
    const respondDays = rand() < 0.8 ? 4 + Math.floor(rand() * 6) : 12 + Math.floor(rand() * 5)
    const responded = await step(respondDays, (at) =>
      services.complaints.respond(id, h1, {
        respondedAt: at,
        decision: upheld,
        reasons:
          upheld === 'not_upheld'
            ? 'Our records show the work was done on time and to standard.'
            : 'We did not deal with this as quickly as we should have.',
        remedies:
          upheld === 'not_upheld'
            ? [{ type: 'explanation' }]
            : [
                { type: 'apology' },
                {
                  type: 'financial',
                  amount: 25 * (1 + Math.floor(rand() * 8)),
                  description: 'For the time and trouble caused by the delay',
                },
              ],
        outstandingActions:
          upheld === 'not_upheld'
            ? []
            : [
                {
                  description: 'Complete the outstanding repair',
                  dueOn: calendar.addWorkingDays(londonDateOf(at), 10),
                },
              ],
      }),
    )
    if (!responded || plan === 'stage1_responded') continue
    const actionIds = () =>
      services.complaints
        .view(id, 'admin')
        .then((v) => v.complaint.stages[1].response?.outstandingActions.map((a) => a.id) ?? [])
    /** Completes every outstanding action; false if any would fall in the future. */
    const completeAll = async (by: Actor, days: number) => {
      let all = true
      for (const actionId of await actionIds()) {
        const done = await step(days, (at) =>
          services.complaints.completeAction(id, by, { actionId, note: 'Done', completedAt: at }),
        )
        all = all && done
      }
      // Code 7.3: remedies are followed through (paid, or done) before the complaint closes.
      for (const r of (await services.complaints.view(id, 'admin')).remedies.filter((x) => x.outstanding)) {
        const done = await step(days, (at) =>
          services.complaints.completeRemedy(id, by, {
            remedyId: r.id,
            ...(r.type === 'financial' ? {} : { note: 'Done, as promised in the response' }),
            completedAt: at,
          }),
        )
        all = all && done
      }
      return all
    }
    if (plan === 'closed' && rand() < 0.5) {
      if (await completeAll(h1, 2))
        await step(1, (at) =>
          services.complaints.close(id, h1, {
            note: 'Resident satisfied; no escalation requested.',
            closedAt: at,
          }),
        )
      continue
    }
    // Code 6.10: a complaint closed after its stage 1 response can still go to stage 2.
    if (plan !== 'closed' && upheld === 'not_upheld' && rand() < 0.4)
      await step(1, (at) =>
        services.complaints.close(id, h1, { note: 'No reply from the resident.', closedAt: at }),
      )
    if (
      !(await step(1 + Math.floor(rand() * 8), (at) =>
        services.complaints.requestEscalation(id, h1, {
          requestedAt: at,
          how: pick(['phone', 'email', 'letter']),
        }),
      ))
    )
      continue
    if (plan === 'stage2_requested') continue
    const h2 = pick(stage2People.filter((p) => p.id !== h1.id))
    if (
      !(await step(1 + Math.floor(rand() * 5), (at) =>
        services.complaints.acknowledge(id, h2, {
          acknowledgedAt: at,
          handlerId: h2.id,
          definition: {
            issues: story?.issues ?? ['Service'],
            outcomesSought: [story?.outcome ?? 'Put it right'],
          },
        }),
      ))
    )
      continue
    if (rand() < 0.25)
      await step(5, (at) =>
        services.complaints.extend(id, h2, {
          workingDays: 10,
          reason: 'An independent surveyor is inspecting the property.',
          extendedAt: at,
        }),
      )
    if (plan === 'stage2') continue
    if (
      !(await step(10 + Math.floor(rand() * 12), (at) =>
        services.complaints.respond(id, h2, {
          respondedAt: at,
          decision: upheld === 'not_upheld' ? 'partly_upheld' : upheld,
          reasons: 'Having reviewed everything again, we have reached our final decision.',
          remedies: [
            { type: 'apology' },
            { type: 'policy_change', description: 'We are changing how repairs are followed up' },
          ],
        }),
      ))
    )
      continue
    if (plan === 'closed' && (await completeAll(h2, 1))) {
      await step(1, (at) => services.complaints.close(id, h2, { closedAt: at }))
    }
  }
  return made
}
