/** A multipart body with one file part, as a browser or curl would send it. */
export function multipart(
  fields: Record<string, string>,
  file?: { name?: string; bytes: Buffer },
  fileField = 'file',
) {
  const boundary = '----hardening-boundary'
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    const name = file.name === undefined ? '' : `; filename="${file.name}"`
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"${name}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
