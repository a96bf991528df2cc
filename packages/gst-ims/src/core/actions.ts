// IMS actions. The portal spells them N/A/R/P; we use words inside.
export const ACTIONS = ['accept', 'reject', 'pending', 'noAction'] as const;
export type Action = (typeof ACTIONS)[number];

const TO_CODE: Readonly<Record<Action, 'A' | 'R' | 'P' | 'N'>> = {
  accept: 'A',
  reject: 'R',
  pending: 'P',
  noAction: 'N',
};
const LABEL: Readonly<Record<Action, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  pending: 'Pending',
  noAction: 'No Action',
};

export function actionToCode(a: Action): 'A' | 'R' | 'P' | 'N' {
  return TO_CODE[a];
}

export function actionLabel(a: Action): string {
  return LABEL[a];
}

/** Accepts the portal's codes, labels and our words, any case: "A", "Accepted", "accept", "No Action". */
export function parseAction(raw: unknown): Action | null {
  if (typeof raw !== 'string') return null;
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  switch (t) {
    case 'a':
    case 'accept':
    case 'accepted':
      return 'accept';
    case 'r':
    case 'reject':
    case 'rejected':
      return 'reject';
    case 'p':
    case 'pending':
      return 'pending';
    case 'n':
    case 'noaction':
    case 'reset':
    case '':
      return 'noAction';
    default:
      return null;
  }
}
