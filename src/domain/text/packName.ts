/** A file name that is safe inside a ZIP on any system, numbered to keep the order. */
export function packName(n: number, name: string): string {
  const safe =
    name
      .replace(/[^\w.\- ]+/g, '_')
      .replace(/^\.+/, '')
      .trim() || 'file'
  return `${String(n).padStart(2, '0')}-${safe}`
}
