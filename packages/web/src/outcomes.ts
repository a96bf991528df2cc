// The match outcomes as the web app names them: tabs and counts on the Reconcile page and the
// dashboard, and the Match column of the Records grid.
import type { MatchOutcomeName } from '../../gst-ims/src/server/api-types.js';

export const OUTCOMES: { outcome: MatchOutcomeName; label: string; hint: string; tone: string }[] =
  [
    {
      outcome: 'exact',
      label: 'Exact',
      hint: 'Same supplier, number, date and amounts within tolerance',
      tone: 'ok',
    },
    {
      outcome: 'probable',
      label: 'Probable',
      hint: 'Paired on strong evidence with small differences: check the reasons',
      tone: 'info',
    },
    {
      outcome: 'mismatch',
      label: 'Mismatch',
      hint: 'Paired, but amounts or other fields differ beyond tolerance',
      tone: 'warn',
    },
    {
      outcome: 'missingInRegister',
      label: 'Missing in books',
      hint: 'On the portal, not in the purchase register',
      tone: 'bad',
    },
    {
      outcome: 'missingInPortal',
      label: 'Missing in portal',
      hint: 'In the purchase register, not reported by the supplier',
      tone: 'bad',
    },
    {
      outcome: 'notInIms',
      label: 'Not in IMS',
      hint: 'In the books, but never in IMS: reverse charge, imports, ISD credit, unregistered suppliers (not chased)',
      tone: 'info',
    },
  ];

export const outcomeLabel = (o: MatchOutcomeName): string =>
  OUTCOMES.find((x) => x.outcome === o)?.label ?? o;
