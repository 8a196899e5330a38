import { codeProvisions } from '../src/domain/selfAssessment/code2024.js'
import type { TestApp } from './app.js'

/**
 * A year's self-assessment answered (1.2 partly, the rest yes, with an action where the figures
 * contradict a yes), completed and approved by the board: annual, or a re-assessment revising it.
 */
export async function approvedAssessment(
  t: TestApp,
  year: number,
  officer: { id: string },
  board: { id: string },
  revision?: { trigger: 'merger' | 'ombudsman_request'; note: string },
) {
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const sa = t.services.selfAssessment
  const a = await sa.start({ year, ...(revision ?? {}) }, actor)
  const measures = await sa.measures(year)
  for (const p of codeProvisions)
    await sa.answer(
      a.id,
      p.id === '1.2'
        ? { provision: p.id, comply: 'partly', commentary: 'One leaflet still uses the old wording' }
        : {
            provision: p.id,
            comply: 'yes',
            evidence: `Complaints policy, for ${p.id}`,
            ...((measures[p.id] ?? []).some((m) => m.concern)
              ? { explanation: { action: 'Put right by the complaints team', timescale: 'By March 2027' } }
              : {}),
          },
      actor,
    )
  await sa.complete(a.id, actor)
  return sa.approve(a.id, { id: board.id, role: 'board' })
}

/** The four published documents, each at an https address. */
export const publishedLinks = {
  complaintsPolicy: 'https://test-homes.example.org/complaints/policy',
  selfAssessment: 'https://test-homes.example.org/complaints/self-assessment-2025',
  annualReport: 'https://test-homes.example.org/complaints/annual-report-2025',
  governingBodyResponse: 'https://test-homes.example.org/complaints/board-response-2025',
}
