import { type ChildProcess, spawn } from 'node:child_process'
import { projectRoot } from '../src/paths.js'

/**
 * The real server as an operator runs it: a separate process on a real port, for what only a
 * whole process can show (start-up, locks, kill -9, backups while running, load).
 */
export type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

const running: ChildProcess[] = []
/** Kills every server a test started and left running (for afterEach). */
export function stopServers() {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
}

// Below Linux's ephemeral range (32768 up), which the clients' own connections draw from: a port
// there can be taken by an outgoing connection just before the server listens on it.
let port = 20_000 + Math.floor(Math.random() * 10_000)
/** A port no other server in this test run was given. */
export const nextPort = () => port++

export function startServer(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

export async function waitUntilReady(server: Server, port: number): Promise<void> {
  // Generous: a first start builds the demo data, and CI runs two suites on two cores.
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`)
    try {
      // As a load balancer's probe does: an attempt not answered within a second is abandoned
      // and made again (a connection attempt lost while the server starts is otherwise only
      // retried by TCP after seconds).
      const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not become ready:\n${server.output()}`)
}

export async function api(port: number, path: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}
