// Return periods travel as the portal writes them (MMYYYY, "102026"); people read "Oct 2026".
// One function for the web app, the CLI's human output, reasons and follow-ups.

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** "102026" -> "Oct 2026"; anything that is not MMYYYY with a real month comes back as it was. */
export function periodLabel(period: string): string {
  const m = /^(0[1-9]|1[0-2])(\d{4})$/.exec(period);
  if (!m) return period;
  return `${MONTHS[Number(m[1]) - 1]} ${m[2]}`;
}

/** The period chosen when nobody chose one: the worked period if the list holds it, else the newest. */
export function defaultPeriod(
  periodsNewestFirst: readonly string[],
  worked: string | null,
): string | null {
  if (worked !== null && periodsNewestFirst.includes(worked)) return worked;
  return periodsNewestFirst[0] ?? null;
}
