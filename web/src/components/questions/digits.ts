// Number keys pick options: "3" picks the third. With ten or more options,
// digits typed within 500 ms of each other make one number ("1", "2" → 12).

export function digitPicker(count: () => number, pick: (index: number) => void) {
  let buf = ''
  let timer: ReturnType<typeof setTimeout> | undefined
  return (e: KeyboardEvent): boolean => {
    if (e.ctrlKey || e.metaKey || e.altKey || !/^[0-9]$/.test(e.key)) return false
    const t = e.target as HTMLElement
    if (t.matches('input, textarea, select, [contenteditable="true"]')) return false
    e.preventDefault()
    clearTimeout(timer)
    buf += e.key
    const n = count()
    const fire = () => {
      const i = Number(buf) - 1
      buf = ''
      if (i >= 0 && i < n) pick(i)
    }
    if (n < 10 || buf.length >= String(n).length || Number(buf + '0') > n) fire()
    else timer = setTimeout(fire, 500)
    return true
  }
}
