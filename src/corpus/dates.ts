const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const MONTH_PATTERN = MONTHS.join('|');

export function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

export function monthNumber(name: string): number {
  return MONTHS.findIndex((m) => name.toLowerCase().startsWith(m.toLowerCase())) + 1;
}

/** Accepts "2023-03-15", "2023-03", "2023", "Mar 15, 2023", "15 March 2023". */
export function parseLooseDate(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(trimmed);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2] ?? 1), Number(iso[3] ?? 1));
  const monthFirst = new RegExp(
    `^(${MONTH_PATTERN})[a-z]*\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})$`,
    'i',
  ).exec(trimmed);
  if (monthFirst)
    return isoDate(Number(monthFirst[3]), monthNumber(monthFirst[1] ?? ''), Number(monthFirst[2]));
  const dayFirst = new RegExp(
    `^(\\d{1,2})\\s+(${MONTH_PATTERN})[a-z]*\\.?,?\\s+(\\d{4})$`,
    'i',
  ).exec(trimmed);
  if (dayFirst)
    return isoDate(Number(dayFirst[3]), monthNumber(dayFirst[2] ?? ''), Number(dayFirst[1]));
  return undefined;
}
