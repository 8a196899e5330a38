import { connect, type Socket } from 'node:net'

type Answer = { status: number; body: string }

/**
 * A minimal HTTP/1.1 client for load: kept-alive connections, one request on each at a time,
 * answers read by their Content-Length. It costs the process running a benchmark far less than
 * `fetch` does, so what a benchmark measures is the service, not its client.
 */
export function keepAliveClient(base: string) {
  const { hostname, port } = new URL(base)
  const idle: Socket[] = []

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () => resolve(socket))
      socket.once('error', reject)
    })

  const exchange = (socket: Socket, request: Buffer) =>
    new Promise<Answer>((resolve, reject) => {
      let received: Buffer = Buffer.alloc(0)
      const done = () => {
        socket.off('data', onData)
        socket.off('error', fail)
        socket.off('close', closed)
      }
      const fail = (error: Error) => {
        done()
        socket.destroy()
        reject(error)
      }
      const closed = () => fail(new Error('The server closed the connection before answering'))
      const onData = (chunk: Buffer) => {
        received = received.length ? Buffer.concat([received, chunk]) : chunk
        const end = received.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = received.subarray(0, end).toString('latin1')
        const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1]
        if (length === undefined) return fail(new Error(`An answer without Content-Length: ${head}`))
        if (received.length < end + 4 + Number(length)) return
        done()
        resolve({
          status: Number(head.slice(9, 12)),
          body: received.subarray(end + 4, end + 4 + Number(length)).toString('utf8'),
        })
      }
      socket.on('data', onData)
      socket.once('error', fail)
      socket.once('close', closed)
      socket.write(request)
    })

  return {
    async post(path: string, headers: Record<string, string>, json: unknown): Promise<Answer> {
      const body = Buffer.from(JSON.stringify(json))
      const lines = [
        `POST ${path} HTTP/1.1`,
        `host: ${hostname}:${port}`,
        'content-type: application/json',
        `content-length: ${body.length}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ]
      const request = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body])
      const socket = idle.pop() ?? (await open())
      const answer = await exchange(socket, request)
      idle.push(socket)
      return answer
    },
    close() {
      for (const socket of idle.splice(0)) socket.destroy()
    },
  }
}
