import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../paths.js'
import { workflowDocument } from './workflowDocument.js'

describe('docs/complaint-workflow.md', () => {
  it('is the diagram drawn from the transition table (run npm run docs if this fails)', () => {
    expect(readFileSync(join(projectRoot, 'docs', 'complaint-workflow.md'), 'utf8')).toBe(workflowDocument())
  })

  it('draws every state-changing transition', () => {
    const doc = workflowDocument()
    expect(doc).toContain('stage1_responded --> stage2_requested: record an escalation request (6.10)')
    expect(doc).toContain('stage2_requested --> stage2: acknowledge and define (6.2, 6.11)')
  })
})
