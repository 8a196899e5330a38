import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { workflowDocument } from '../src/domain/complaints/workflowDocument.js'
import { projectRoot } from '../src/paths.js'

/** npm run docs: writes docs/complaint-workflow.md from the transition table. */
writeFileSync(join(projectRoot, 'docs', 'complaint-workflow.md'), workflowDocument())
console.log('Wrote docs/complaint-workflow.md')
