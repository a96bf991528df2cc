// The ITC-reduction declaration as a decision's request body carries it (POST /api/decide and
// the bulk decision by filter, POST /api/decide-filtered): one schema, one reading into core's
// ItcReduction, so both routes refuse the same bodies with the same words.
import { z } from 'zod';
import type { ItcReduction } from '../core/index.js';
import { BadInputError, parseItcReduction } from '../core/index.js';

const Rupees = z.union([z.number(), z.string()]);

export const ItcReductionBody = z
  .union([
    z.object({ kind: z.enum(['full', 'none']) }),
    z.object({
      kind: z.literal('partial'),
      igst: Rupees,
      cgst: Rupees,
      sgst: Rupees,
      cess: Rupees,
    }),
  ])
  .nullable()
  .optional();

/** The body's declaration in core's terms; amounts refused with the field they are in. */
export function toItcReduction(r: z.infer<typeof ItcReductionBody>): ItcReduction | null {
  if (r === null || r === undefined) return null;
  const { kind, ...amounts } = r;
  const parsed = parseItcReduction({ kind, amounts });
  if (parsed.ok) return parsed.value;
  const field = `itcReduction.${parsed.errors[0]?.field ?? 'kind'}`;
  throw new BadInputError(
    parsed.errors.map((e) => `itcReduction.${e.field}: ${e.message}`).join('; '),
    { field },
  );
}
