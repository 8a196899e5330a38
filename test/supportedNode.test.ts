import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../src/paths.js'

type Semver = {
  satisfies(version: string, range: string): boolean
  minVersion(range: string): { version: string } | null
}
const semver = createRequire(import.meta.url)('semver') as Semver

const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8')
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node
const locked = (
  JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>
  }
).packages

/**
 * The Node.js versions the service says it runs on (package.json's `engines`, repeated in the
 * README) are ones every package in the lockfile says it runs on too, so `npm ci` on any of
 * them installs without an engine warning; and the tests run on one of them.
 */
describe('the Node.js versions the service supports', () => {
  it('are stated in the README as in package.json', () => {
    expect(read('README.md')).toContain(`\`${engines}\``)
  })

  it('are accepted by every package in the lockfile, from the first release of each line', () => {
    const lowest = engines.split('||').map((part) => semver.minVersion(part)?.version)
    expect(lowest).toEqual(['20.19.0', '22.13.0'])
    const refusing = Object.entries(locked).flatMap(([path, p]) => {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined
      if (!path || !range) return []
      return lowest
        .filter((v) => !semver.satisfies(v as string, range))
        .map((v) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs Node ${range}, not ${v}`)
    })
    expect(refusing).toEqual([])
  })

  it('include the Node.js these tests run on', () => {
    expect(semver.satisfies(process.versions.node, engines)).toBe(true)
  })
})
