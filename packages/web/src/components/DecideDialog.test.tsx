// @vitest-environment jsdom
// The decision dialog as a person sees it: the ITC-reduction choices and the count they reach,
// the remark and when it is required, the amounts of a partial reduction, the buttons.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecidePayload, DecideRequest } from '../../../gst-ims/src/server/api-types.js';
import type * as Api from '../api.js';
import type { Row } from '../records.js';
import { decidePayload } from '../test-support/decide-payload.js';

type ApiModule = typeof Api;
const postJson = vi.fn<(path: string, body: DecideRequest) => Promise<DecidePayload>>();
vi.mock('../api.js', async (actual) => ({
  ...(await actual<ApiModule>()),
  postJson: (path: string, body: DecideRequest) => postJson(path, body),
}));
const { DecideDialog } = await import('./DecideDialog.js');

const row = (key: string, section: Row['section'], flags = 0): Row =>
  ({
    key,
    section,
    sectionLabel: section === 'b2bcn' ? 'B2B-CN' : 'B2B',
    supplierGstin: '29AAACB1234C1Z5',
    supplierName: 'Bharat Steel',
    docNumber: `DOC-${key}`,
    flags,
  }) as Row;

/** The requests the dialog sent, dry runs apart. */
const sent = (dryRun: boolean): DecideRequest[] =>
  postJson.mock.calls.map((c) => c[1]).filter((b) => (b.dryRun === true) === dryRun);
const lastDryRun = (): DecideRequest | undefined => sent(true).at(-1);

function open(verb: 'accept' | 'reject' | 'pending', rows: Row[]) {
  const onApplied = vi.fn();
  const onClose = vi.fn();
  render(
    <DecideDialog
      gstin="27AABCU9603R1ZN"
      verb={verb}
      rows={rows}
      onClose={onClose}
      onApplied={onApplied}
      scope="selected in the view Not decided"
    />,
  );
  return { onApplied, onClose, dialog: screen.getByRole('dialog') };
}

beforeEach(() => {
  postJson.mockReset();
});
afterEach(cleanup);

describe('DecideDialog', () => {
  it('Accept on credit notes: three choices, full by default, the count the answer reaches', async () => {
    postJson.mockResolvedValue(
      decidePayload({
        selected: 3,
        changed: 3,
        declarations: { none: 1, given: 0, defaulted: 2, kept: 0, notApplicable: 0 },
      }),
    );
    const { dialog } = open('accept', [row('a', 'b2bcn'), row('b', 'b2bcn'), row('c', 'b2b')]);
    expect(within(dialog).getByRole('heading').textContent).toBe('Accept: 3 selected records');
    const choices = within(dialog).getAllByRole('radio');
    expect(choices.map((c) => (c as HTMLInputElement).value)).toEqual(['full', 'partial', 'none']);
    expect((choices[0] as HTMLInputElement).checked).toBe(true);
    // No remark while the answer is the portal's default.
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('declaration-scope').textContent).toBe(
        'Applies to 2 of the 3 selected records: credit notes and amendments; the others take none.',
      ),
    );
    expect(within(dialog).getByText(/will change to/).textContent).toBe(
      '3 will change to Accepted',
    );
    expect(lastDryRun()).toMatchObject({ verb: 'accept', itcReduction: null, remark: null });
    expect(lastDryRun()?.keys).toEqual(['a', 'b', 'c']);
    expect(screen.getByTestId('confirm-decision').textContent).toBe('Accept 3 records');
  });

  it('a partial reduction asks for amounts and a remark; the engine wanting the remark blocks the button', async () => {
    postJson.mockImplementation((_p, body) => {
      return Promise.resolve(
        decidePayload({
          selected: 1,
          changed: body.remark ? 1 : 0,
          refused: body.remark
            ? []
            : [{ recordKey: 'a', code: 'REMARK_REQUIRED', message: 'a: Say why in a remark.' }],
        }),
      );
    });
    const { dialog } = open('accept', [row('a', 'b2bcn')]);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Reduce by part/ }));
    const igst = within(dialog).getByRole('textbox', { name: 'IGST ₹' });
    fireEvent.change(igst, { target: { value: '125.50' } });
    const remark = within(dialog).getByRole('textbox', { name: /Remark sent to the portal/ });
    expect((remark as HTMLTextAreaElement).required).toBe(true);
    await waitFor(() =>
      expect(screen.getByTestId('remark-required').textContent).toBe('Say why in a remark.'),
    );
    expect(lastDryRun()?.itcReduction).toEqual({
      kind: 'partial',
      igst: '125.50',
      cgst: '0',
      sgst: '0',
      cess: '0',
    });
    expect(remark.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId<HTMLButtonElement>('confirm-decision').disabled).toBe(true);
    // The refusal is said at the remark, not listed again as a record to leave out.
    expect(within(dialog).queryByRole('table')).toBeNull();

    fireEvent.change(remark, { target: { value: 'Part of the goods returned' } });
    await waitFor(() => expect(screen.queryByTestId('remark-required')).toBeNull());
    expect(lastDryRun()?.remark).toBe('Part of the goods returned');
    expect(screen.getByTestId<HTMLButtonElement>('confirm-decision').disabled).toBe(false);
  });

  it('Reject shows an optional remark and counts its characters against the limit', async () => {
    postJson.mockResolvedValue(decidePayload({ selected: 1, changed: 1 }));
    const { dialog } = open('reject', [row('a', 'b2b')]);
    expect(within(dialog).queryByTestId('itc-reduction')).toBeNull();
    const remark = within(dialog).getByRole('textbox', {
      name: /optional, at most 250 characters/,
    });
    fireEvent.change(remark, { target: { value: 'Not received' } });
    expect(within(dialog).getByText('12 / 250')).toBeTruthy();
    await waitFor(() => expect(lastDryRun()?.remark).toBe('Not received'));
  });

  it('Accept on invoices only asks no reduction question', () => {
    postJson.mockResolvedValue(decidePayload());
    const { dialog } = open('accept', [row('a', 'b2b'), row('b', 'b2bcn', 32)]);
    expect(within(dialog).queryByTestId('itc-reduction')).toBeNull();
  });

  it('some refused: the button applies the allowed ones, leaves the refused, and says so', async () => {
    postJson.mockImplementation((_p, body) =>
      Promise.resolve(
        decidePayload({
          changed: 1,
          dryRun: body.dryRun === true,
          applied: body.dryRun !== true,
          refused: [{ recordKey: 'b', code: 'PENDING_BLOCKED', message: 'b: Pending is blocked.' }],
        }),
      ),
    );
    const { dialog, onApplied } = open('pending', [row('a', 'b2b'), row('b', 'b2b')]);
    const button = await screen.findByText('Keep pending the 1 allowed; leave 1 refused unchanged');
    const refusals = within(dialog).getByRole('table');
    expect(within(refusals).getByText('B2B DOC-b')).toBeTruthy();
    expect(within(refusals).getByText('Pending is blocked.')).toBeTruthy();
    fireEvent.click(button);
    await waitFor(() => expect(onApplied).toHaveBeenCalledTimes(1));
    expect(sent(false)).toEqual([expect.objectContaining({ verb: 'pending', skipRefused: true })]);
    expect(onApplied.mock.calls[0]?.[1]).toBe(
      'Set to Pending: 1 record; 1 refused record left unchanged.',
    );
  });

  it('lists the records it acts on with where they were selected; Cancel closes', () => {
    postJson.mockResolvedValue(decidePayload());
    const { dialog, onClose } = open('reject', [row('a', 'b2b'), row('b', 'b2b')]);
    expect(within(dialog).getByTestId('acts-on').querySelector('summary')?.textContent).toBe(
      'Acts on exactly these 2 records selected in the view Not decided',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: /Cancel/ }));
    expect(onClose).toHaveBeenCalled();
  });
});
