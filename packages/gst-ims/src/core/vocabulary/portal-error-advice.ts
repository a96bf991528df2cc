// What to do about each error code the portal is known to answer an upload with
// (ims-formats.md §4.3), for every shell that shows the portal's answer: the CLI's
// `import errors` and the web's Import page. The portal publishes no full list, so a code
// missing here gets the general advice; a code added here needs its words and its action.

import { PORTAL_STATUS_CODES } from '../parse-error-report.js';

export const PORTAL_ERROR_CODES = [
  'IMSSAV0010',
  'IMSSAV0054',
  'IMSSAV0015',
  'IMSSAV005',
  'GEN5001',
  // Not a portal code: import errors marks each record of a file refused whole (status ER) so.
  'ER',
] as const;
export type PortalErrorCode = (typeof PORTAL_ERROR_CODES)[number];

interface PortalErrorAdvice {
  /** What the portal means, in words. */
  readonly meaning: string;
  /** What the person does next. */
  readonly action: string;
}

export const PORTAL_ERROR_ADVICE = {
  IMSSAV0010: {
    meaning:
      'the portal holds another action for this record than the upload said (the supplier edited it, or it was decided elsewhere)',
    action:
      'download the IMS data again from the portal, import it here, and decide this record again before the next upload',
  },
  IMSSAV0054: {
    meaning:
      'an Accept of a credit note or ITC-reducing amendment came without the ITC-reduction declaration',
    action:
      'accept the record again choosing the ITC reduction (full, partial or none), then upload again',
  },
  IMSSAV0015: {
    meaning: 'an earlier save or reset on the portal was still being processed',
    action:
      'wait until the portal shows the earlier request as processed, then upload this file again unchanged',
  },
  IMSSAV005: {
    meaning: "the record did not pass the portal's schema check",
    action:
      "upload the file exactly as gst-ims wrote it (not opened and saved in another program); if the portal refuses it again, check the record's remark and amounts and report the portal's message to gst-ims",
  },
  GEN5001: {
    meaning: 'the request lacked a parameter the portal requires',
    action:
      'upload the file again as gst-ims wrote it; if the portal answers the same, report the message to gst-ims',
  },
  ER: {
    meaning: 'the portal refused the whole file: none of its records was processed',
    action:
      "read the portal's message, fix what it names, then generate the upload files again and upload them",
  },
} as const satisfies Readonly<Record<PortalErrorCode, PortalErrorAdvice>>;

/** For a code the portal did not document. */
export const UNKNOWN_PORTAL_ERROR_ADVICE: PortalErrorAdvice = {
  meaning: 'the portal gave no code gst-ims knows',
  action:
    "read the portal's message, change the decision if it says so, and the record goes into the next upload",
};

export function isPortalErrorCode(code: string | null | undefined): code is PortalErrorCode {
  return typeof code === 'string' && (PORTAL_ERROR_CODES as readonly string[]).includes(code);
}

/** The advice for a code as the portal sent it (any case, spaces around); unknown codes get the general advice. */
export function portalErrorAdvice(code: string | null | undefined): PortalErrorAdvice & {
  readonly known: boolean;
} {
  const c = (code ?? '').trim().toUpperCase();
  return isPortalErrorCode(c)
    ? { ...PORTAL_ERROR_ADVICE[c], known: true }
    : { ...UNKNOWN_PORTAL_ERROR_ADVICE, known: false };
}

/** The answer's request status in words: `processed with errors (PE)`; the offline error file has none. */
export function describePortalStatus(code: string | null | undefined): string {
  if (code === null || code === undefined || code.trim() === '')
    return 'not given (the offline error file carries none)';
  const c = code.trim().toUpperCase();
  return Object.hasOwn(PORTAL_STATUS_CODES, c)
    ? `${PORTAL_STATUS_CODES[c as keyof typeof PORTAL_STATUS_CODES]} (${c})`
    : `${c} (a status gst-ims does not know)`;
}
