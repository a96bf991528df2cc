// The JSON form of a proposal rule list, checked with zod: a module of its own, loaded only
// where a saved or given list is read (app/reconcile-rules.ts), so that a command which reads
// none (most of them, and every fresh workspace) does not load zod with the core (issue 20,
// decision 0062).
import { z } from 'zod';
import { ACTIONS } from './actions.js';
import { SECTIONS } from './sections.js';
import { REMARK_MAX_LENGTH } from './validate-decision.js';

const PROPOSABLE_OUTCOMES = ['exact', 'probable', 'mismatch', 'missingInRegister'] as const;

// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/u;

export const proposalRuleSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'a rule needs a name')
      .max(60, 'a rule name has at most 60 characters'),
    when: z
      .object({
        outcome: z
          .array(
            z.enum(PROPOSABLE_OUTCOMES, {
              error:
                'outcome must be one of exact, probable, mismatch, missingInRegister (missingInPortal rows have no portal record to act on)',
            }),
          )
          .min(1)
          .optional(),
        afterPeriodEnd: z.boolean().optional(),
        receivedAfterPeriodEnd: z.boolean().optional(),
        supplierNotFiled: z.boolean().optional(),
        sections: z.array(z.enum(SECTIONS)).min(1).optional(),
        heldAction: z.array(z.enum(ACTIONS)).min(1).optional(),
      })
      .strict(),
    action: z.enum(ACTIONS),
    safe: z.boolean(),
    remark: z
      .string()
      .max(REMARK_MAX_LENGTH, `a remark template has at most ${REMARK_MAX_LENGTH} characters`)
      .refine(
        (s) => !CONTROL_CHAR.test(s),
        'a remark is one line without tabs or control characters',
      )
      .optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.action === 'accept' && rule.when.outcome?.includes('missingInRegister') === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message: 'a rule may not accept records missing in the register (link a purchase first)',
      });
    }
  });

export const proposalRulesSchema = z
  .array(proposalRuleSchema)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.name))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `rule name "${r.name}" is used twice`,
        });
      seen.add(r.name);
    });
  });
