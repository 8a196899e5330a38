import { reportingYearOf } from '../domain/reports/reportingYear.js'
import type { StaffRole } from '../domain/staff/roles.js'
import type { Actor } from './complaints.js'
import type { Services } from './index.js'

/** Root causes for each demo category, for learning that reads true. */
const causesFor: Record<string, string[]> = {
  repairs: ['repair_delay', 'communication'],
  damp_and_mould: ['repair_quality', 'repair_delay'],
  anti_social_behaviour: ['policy', 'communication'],
  staff_conduct: ['staff_conduct'],
  complaint_handling: ['communication', 'record_keeping'],
}

/**
 * Demo learning (Code 9.1–9.4) on the demo complaints: most upheld stages have their root
 * causes and learning recorded, a few are left to record, and three improvement actions show
 * the follow-through, one completed and published on "You said, we did".
 */
export async function seedDemoLearning(
  services: Services,
  staff: { id: string; role: StaffRole }[],
  today: string,
): Promise<{ learning: number; improvements: number }> {
  const officer = staff.find((s) => s.role === 'complaints_officer')
  if (!officer) return { learning: 0, improvements: 0 }
  const actor: Actor = { id: officer.id, role: officer.role }
  // The demo's own stages: its 200 complaints, one page of the queue.
  const queue = (await services.complaints.learningToRecord({ limit: 1000 })).flatMap((c) =>
    c.stages.map((stage) => ({ id: c.id, reference: c.reference, stage: stage as 1 | 2 })),
  )
  let learning = 0
  // Every third stage is left, so the queue and its dashboard tile have something in them.
  for (const [i, item] of queue.entries()) {
    if (i % 3 === 2) continue
    const v = await services.complaints.view(item.id, 'admin')
    const category = v.complaint.categories[0] ?? 'repairs'
    await services.complaints.recordLearning(item.id, actor, {
      stage: item.stage,
      rootCauses: causesFor[category] ?? ['other'],
      serviceArea: category,
      learning:
        'Repairs that fail twice are now passed to a supervisor to inspect before a third visit is booked.',
      version: v.complaint.version,
    })
    learning += 1
  }
  const days = (n: number) => {
    const d = new Date(`${today}T12:00:00Z`)
    d.setUTCDate(d.getUTCDate() + n)
    return d.toISOString().slice(0, 10)
  }
  const owner = staff.find((s) => s.role === 'handler') ?? officer
  const upheld = queue[0]
  const raised = [
    await services.improvement.raise(
      {
        title: 'Supervisor inspection after a second failed repair',
        description: 'A repair that fails twice is inspected by a supervisor before a third visit is booked.',
        source: 'theme',
        detail: 'Repeat visits for the same repair, across repairs and damp complaints',
        ownerId: owner.id,
        director: 'Sam Okafor, Director of Property',
        dueOn: days(30),
      },
      actor,
    ),
    await services.improvement.raise(
      {
        title: 'Text residents the day before a repairs appointment',
        description: 'Appointment reminders by text the day before, and when the operative is on the way.',
        source: 'recommendation',
        detail: 'The residents’ scrutiny panel, review of repairs communication',
        ownerId: owner.id,
        director: 'Sam Okafor, Director of Property',
        dueOn: days(60),
      },
      actor,
    ),
    ...(upheld
      ? [
          await services.improvement.raise(
            {
              title: 'Record every call about an open complaint on the case',
              description:
                'Calls taken by the contact centre about an open complaint are logged on the case.',
              source: 'complaint',
              complaints: [upheld.reference],
              ownerId: officer.id,
              director: 'Priya Shah, Director of Customer Experience',
              dueOn: days(14),
            },
            actor,
          ),
        ]
      : []),
  ]
  const [published, inProgress] = raised
  if (published) {
    await services.improvement.complete(published.id, actor, {
      evidence: 'Repairs procedure RP-12 updated; supervisors briefed; first inspections booked.',
    })
    await services.improvement.publish(published.id, actor, {
      youSaid: 'The same repair needed visit after visit before it was fixed.',
      weDid: 'A supervisor now inspects any repair that has failed twice, before another visit is booked.',
    })
  }
  if (inProgress)
    await services.improvement.noteProgress(
      inProgress.id,
      actor,
      'Text templates agreed with the contractor.',
    )
  // The homes owned, for the TSM's CH01: the last reporting year and this one.
  const year = reportingYearOf(today)
  for (const y of [year - 1, year]) await services.tsm.recordHomes(y, { lcra: 12_500, lcho: 1_800 }, actor)
  return { learning, improvements: raised.length }
}
