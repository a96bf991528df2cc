import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { parseErrorReport } from './parse-error-report.js';

const SUP = '29AAACR5055K1Z3';
const SUP2 = '24AAACB1234C1ZL';
const MSG = 'Either previous action is incorrect/ invoice might have edited by supplier';

const parse = (data: unknown) => parseErrorReport(data, 'status.json');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return (e as Error).message;
  }
  throw new Error('expected a BadInputError, nothing was thrown');
}

/** The request-status sample of ims-formats.md 4.3. */
function sample(): Record<string, unknown> {
  return {
    status_cd: 'PE',
    transTypCd: 'SAV',
    proc_cnt: '10',
    err_cnt: '3',
    err_cd: '',
    err_msg: '',
    error_report: {
      b2b: [
        {
          stin: SUP,
          error_cd: 'IMSSAV0010',
          error_msg: MSG,
          inv: [
            { rtnprd: '042023', inum: 'invoice-b2b' },
            { rtnprd: '042023', inum: ' 000124 ' },
          ],
        },
      ],
      dn: [
        {
          stin: SUP2.toLowerCase(),
          error_cd: 'IMSSAV0010',
          error_msg: MSG,
          inv: [{ rtnprd: '042023', inum: 'invoice-dn' }],
        },
      ],
    },
  };
}

describe('parseErrorReport: request status (API)', () => {
  it('reads the documented sample', () => {
    const out = parse(sample());
    expect(out.statusCode).toBe('PE');
    expect(out.processedCount).toBe(10);
    expect(out.errorCount).toBe(3);
    expect(out.warnings).toEqual([]);
    expect(out.entries).toEqual([
      {
        section: 'b2b',
        supplierGstin: SUP,
        docNumber: 'invoice-b2b',
        returnPeriod: '042023',
        code: 'IMSSAV0010',
        message: MSG,
      },
      {
        section: 'b2b',
        supplierGstin: SUP,
        docNumber: '000124',
        returnPeriod: '042023',
        code: 'IMSSAV0010',
        message: MSG,
      },
      {
        section: 'b2bdn',
        supplierGstin: SUP2,
        docNumber: 'invoice-dn',
        returnPeriod: '042023',
        code: 'IMSSAV0010',
        message: MSG,
      },
    ]);
  });

  it('maps every section alias and the invdata keys', () => {
    const g = (num: Record<string, string>) => [
      { stin: SUP, error_cd: 'E', error_msg: 'm', inv: [{ rtnprd: '052026', ...num }] },
    ];
    const out = parse({
      status_cd: 'PE',
      error_report: {
        b2ba: g({ inum: 'a' }),
        dna: g({ inum: 'b' }),
        cn: g({ inum: 'c' }),
        cna: g({ nt_num: 'd' }),
        e_b2b: g({ inum: 'e' }),
        e_c2ba: g({ inum: 'f' }),
        b2bcn: g({ inum: 'g' }),
        B2BDNA: g({ nt_num: 'h' }),
        ecom: g({ inum: 'i' }),
        ecoma: g({ inum: 'j' }),
      },
    });
    expect(out.entries.map((e) => [e.section, e.docNumber])).toEqual([
      ['b2ba', 'a'],
      ['b2bdna', 'b'],
      ['b2bcn', 'c'],
      ['b2bcna', 'd'],
      ['ecom', 'e'],
      ['ecoma', 'f'],
      ['b2bcn', 'g'],
      ['b2bdna', 'h'],
      ['ecom', 'i'],
      ['ecoma', 'j'],
    ]);
  });

  it('accepts the body wrapped in {"data": ...}, also inside a GSP envelope', () => {
    expect(parse({ data: sample() }).entries).toHaveLength(3);
    const gsp = parse({ status_cd: '1', data: sample() });
    expect(gsp.statusCode).toBe('PE');
    expect(gsp.entries).toHaveLength(3);
    expect(errorOf(() => parse({ data: { status_cd: 'PE', proc_cnt: 'ten' } }))).toBe(
      'status.json: data.proc_cnt: expected a count (a whole number, as a string or number), found "ten"',
    );
  });

  it('reads counts given as numbers, and missing counts as null', () => {
    const out = parse({ status_cd: 'P', proc_cnt: 12, err_cnt: 0 });
    expect(out).toEqual({
      statusCode: 'P',
      transTypCd: null,
      processedCount: 12,
      errorCount: 0,
      entries: [],
      warnings: [],
    });
    expect(parse({ status_cd: 'P' })).toMatchObject({ processedCount: null, errorCount: null });
    expect(parse({ status_cd: 'P', proc_cnt: '' }).processedCount).toBeNull();
    expect(errorOf(() => parse({ status_cd: 'P', err_cnt: -1 }))).toContain(
      'err_cnt: expected a count',
    );
    expect(errorOf(() => parse({ status_cd: 'P', err_cnt: '1.5' }))).toContain(
      'err_cnt: expected a count',
    );
  });

  it('reports a whole-upload rejection as a warning with the portal message', () => {
    const out = parse({ status_cd: 'ER', err_cd: 'IMSSAV005', err_msg: 'Invalid JSON schema' });
    expect(out.entries).toEqual([]);
    expect(out.statusCode).toBe('ER');
    expect(out.warnings).toEqual([
      {
        code: 'UPLOAD_REJECTED_WHOLE',
        severity: 'warning',
        recordKey: null,
        field: 'status_cd',
        message:
          'status.json: the portal rejected the whole upload (status ER): "Invalid JSON schema" (IMSSAV005)',
      },
    ]);
    const alt = parse({ status_cd: 'ER', error_msg: 'Missing Mandatory Params', error_report: {} });
    expect(alt.warnings[0]?.code).toBe('UPLOAD_REJECTED_WHOLE');
    expect(alt.warnings[0]?.message).toContain('Missing Mandatory Params');
    expect(parse({ status_cd: 'ER' }).warnings[0]?.message).toContain('no message');
  });

  it('lists per-record errors of an ER answer and keeps its message as a warning', () => {
    const body = { ...sample(), status_cd: 'ER', err_msg: 'Some records failed' };
    const out = parse(body);
    expect(out.entries).toHaveLength(3);
    expect(out.warnings).toEqual([expect.objectContaining({ code: 'UPLOAD_STATUS_MESSAGE' })]);
  });

  it('warns on in-progress, empty PE and count mismatches', () => {
    expect(parse({ status_cd: 'IP' }).warnings.map((w) => w.code)).toEqual(['UPLOAD_IN_PROGRESS']);
    expect(
      parse({ status_cd: 'PE', err_cnt: '2', error_report: {} }).warnings.map((w) => w.code),
    ).toEqual(['ERROR_REPORT_EMPTY']);
    const mismatch = parse({ ...sample(), err_cnt: '5' });
    expect(mismatch.warnings.map((w) => w.code)).toEqual(['ERROR_COUNT_MISMATCH']);
    expect(mismatch.warnings[0]?.message).toContain(
      'err_cnt says 5 but 3 record errors are listed',
    );
  });

  it('prefers an error given on the document over its group', () => {
    const out = parse({
      status_cd: 'PE',
      error_report: {
        cn: [
          {
            stin: SUP,
            error_cd: 'G',
            error_msg: 'group',
            inv: [{ inum: 'c1', error_cd: 'D', error_msg: 'doc' }, { inum: 'c2' }],
          },
        ],
      },
    });
    expect(out.entries.map((e) => [e.docNumber, e.code, e.message, e.returnPeriod])).toEqual([
      ['c1', 'D', 'doc', null],
      ['c2', 'G', 'group', null],
    ]);
  });

  it('reads a group that names its document directly, without inv', () => {
    const out = parse({
      status_cd: 'PE',
      error_report: { b2b: [{ stin: SUP, inum: 'x1', rtnprd: '012026', error_msg: 'bad' }] },
    });
    expect(out.entries).toEqual([
      {
        section: 'b2b',
        supplierGstin: SUP,
        docNumber: 'x1',
        returnPeriod: '012026',
        code: null,
        message: 'bad',
      },
    ]);
  });

  it('reads a null section or inv as empty', () => {
    expect(parse({ status_cd: 'P', error_report: { b2b: null } }).entries).toEqual([]);
    expect(parse({ status_cd: 'P', error_report: null }).entries).toEqual([]);
    expect(
      parse({ status_cd: 'PE', error_report: { b2b: [{ stin: SUP, inv: null }] } }).entries,
    ).toEqual([]);
  });
});

describe('parseErrorReport: offline error download', () => {
  it('reads imsDetailsErr records in the download shape', () => {
    const out = parse({
      gstin: '27AABCU9603R1ZN',
      imsDetailsErr: {
        b2b: [
          {
            stin: SUP,
            inum: 'INV/1',
            idt: '05-04-2026',
            rtnprd: '042026',
            val: 10,
            action: 'A',
            error_msg: 'stale',
            error_cd: 'IMSSAV0010',
          },
        ],
        b2bcn: [
          {
            stin: SUP,
            nt_num: 'CN-1',
            nt_dt: '05-04-2026',
            sRtnPrd: '042026',
            error_msg: 'not allowed',
          },
        ],
        ecoma: [],
      },
    });
    expect(out).toEqual({
      statusCode: null,
      transTypCd: null,
      processedCount: null,
      errorCount: null,
      warnings: [],
      entries: [
        {
          section: 'b2b',
          supplierGstin: SUP,
          docNumber: 'INV/1',
          returnPeriod: '042026',
          code: 'IMSSAV0010',
          message: 'stale',
        },
        {
          section: 'b2bcn',
          supplierGstin: SUP,
          docNumber: 'CN-1',
          returnPeriod: '042026',
          code: null,
          message: 'not allowed',
        },
      ],
    });
  });

  it('refuses bad offline records with their path', () => {
    expect(
      errorOf(() =>
        parse({ imsDetailsErr: { b2bcn: [{ stin: SUP, nt_num: 12, error_msg: 'x' }] } }),
      ),
    ).toBe('status.json: imsDetailsErr.b2bcn[0].nt_num: expected a string, found 12');
    expect(errorOf(() => parse({ imsDetailsErr: { b2b: [{ inum: 'a' }] } }))).toBe(
      'status.json: imsDetailsErr.b2b[0].stin: expected the supplier GSTIN as a string, found no value',
    );
    expect(errorOf(() => parse({ imsDetailsErr: [] }))).toContain(
      'imsDetailsErr: expected an object keyed by section',
    );
    expect(errorOf(() => parse({ imsDetailsErr: { isd: [] } }))).toContain(
      'imsDetailsErr.isd: unknown section "isd"',
    );
  });
});

describe('parseErrorReport: refused input', () => {
  it('names the exact path of a bad document number', () => {
    const body = sample();
    const report = body.error_report as Record<string, { inv: unknown[] }[]>;
    report.dn?.[0]?.inv.push({ rtnprd: '042023', inum: 'ok' }, { rtnprd: '042023', inum: 42 });
    expect(errorOf(() => parse(body))).toBe(
      'status.json: error_report.dn[0].inv[2].inum: expected a string, found 42',
    );
  });

  it('refuses unknown section keys, listing the known ones', () => {
    const msg = errorOf(() => parse({ status_cd: 'PE', error_report: { isd: [] } }));
    expect(msg).toBe(
      'status.json: error_report.isd: unknown section "isd"; expected one of b2b, b2ba, b2bdn (dn), b2bdna (dna), b2bcn (cn), b2bcna (cna), ecom (e_b2b, e_c2b), ecoma (e_b2ba, e_c2ba)',
    );
    expect(errorOf(() => parse({ status_cd: 'PE', error_report: { 'B2B-CN': [] } }))).toContain(
      'unknown section "B2B-CN"',
    );
  });

  it('refuses __proto__ keys anywhere', () => {
    const cases: [string, string][] = [
      ['{"status_cd":"PE","__proto__":{}}', '__proto__'],
      ['{"status_cd":"PE","error_report":{"__proto__":[]}}', 'error_report.__proto__'],
      [
        `{"status_cd":"PE","error_report":{"b2b":[{"stin":"${SUP}","inv":[{"inum":"a","__proto__":{"x":1}}]}]}}`,
        'error_report.b2b[0].inv[0].__proto__',
      ],
      ['{"imsDetailsErr":{"b2b":[{"__proto__":1}]}}', 'imsDetailsErr.b2b[0].__proto__'],
    ];
    for (const [text, path] of cases) {
      expect(errorOf(() => parse(JSON.parse(text)))).toBe(
        `status.json: ${path}: a "__proto__" key is not allowed in portal JSON`,
      );
    }
  });

  it('refuses files that are neither shape', () => {
    const msg =
      'status.json: not a portal error file: expected status_cd/error_report (the portal\'s request status, bare or inside a GSP\'s "result" or "data"), or imsDetailsErr (the offline tool\'s error download); found the keys ';
    expect(errorOf(() => parse({}))).toBe(`${msg}(none)`);
    expect(errorOf(() => parse({ b2b: [] }))).toBe(`${msg}"b2b"`);
    expect(errorOf(() => parse({ data: { b2b: [] } }))).toBe(`${msg}"data"`);
    expect(errorOf(() => parse([]))).toBe(
      'status.json: expected a JSON object at the top level, found an array',
    );
    expect(errorOf(() => parse('PE'))).toBe(
      'status.json: expected a JSON object at the top level, found "PE"',
    );
  });

  it('refuses wrong types inside the report', () => {
    expect(errorOf(() => parse({ status_cd: 'PE', error_report: [] }))).toBe(
      'status.json: error_report: expected an object keyed by section (b2b, dn, cn, ...), found an array',
    );
    expect(errorOf(() => parse({ status_cd: 'PE', error_report: { b2b: {} } }))).toBe(
      'status.json: error_report.b2b: expected an array, found an object',
    );
    expect(errorOf(() => parse({ status_cd: 'PE', error_report: { cn: ['x'] } }))).toBe(
      'status.json: error_report.cn[0]: expected an error group object, found "x"',
    );
    expect(
      errorOf(() => parse({ status_cd: 'PE', error_report: { cn: [{ stin: SUP, inv: 'a' }] } })),
    ).toBe('status.json: error_report.cn[0].inv: expected an array, found "a"');
    expect(
      errorOf(() =>
        parse({
          status_cd: 'PE',
          error_report: { cn: [{ stin: SUP, inv: [{ rtnprd: '012026' }] }] },
        }),
      ),
    ).toBe('status.json: error_report.cn[0].inv[0].nt_num: expected a string, found no value');
    expect(
      errorOf(() =>
        parse({ status_cd: 'PE', error_report: { b2b: [{ stin: SUP, error_msg: 5, inv: [] }] } }),
      ),
    ).toBe('status.json: error_report.b2b[0].error_msg: expected a string, found 5');
    expect(errorOf(() => parse({ status_cd: true }))).toMatch(
      /^status\.json: status_cd: expected a portal request status \(P, PE, ER, IP\), found true: /,
    );
  });
});

describe('parseErrorReport: every wrapper the answer arrives in', () => {
  const answer = {
    status_cd: 'PE',
    transTypCd: 'SAV',
    proc_cnt: '0',
    err_cnt: '1',
    error_report: {
      cn: [
        {
          stin: SUP,
          error_cd: 'IMSSAV0054',
          error_msg: 'Please enter value for the column itcRedReq',
          inv: [{ inum: 'CN-1', rtnprd: '032026' }],
        },
      ],
    },
  };
  it('reads the answer bare, GSP-wrapped in result, in data, and nested', () => {
    for (const wrapped of [
      answer,
      { result: answer, status_cd: 1 },
      { data: answer },
      { status_cd: '1', data: answer },
      { result: { data: answer }, status_cd: 1 },
    ]) {
      const r = parse(wrapped);
      expect(r.statusCode).toBe('PE');
      expect(r.entries).toEqual([
        {
          section: 'b2bcn',
          supplierGstin: SUP,
          docNumber: 'CN-1',
          returnPeriod: '032026',
          code: 'IMSSAV0054',
          message: 'Please enter value for the column itcRedReq',
        },
      ]);
    }
  });
  it('refuses a wrapper with no portal answer inside, never reading it as "no errors"', () => {
    expect(errorOf(() => parse({ status_cd: 1 }))).toMatch(
      /status_cd: expected a portal request status .* found 1: .*nothing was marked/,
    );
    expect(errorOf(() => parse({ result: { foo: 1 }, status_cd: 1 }))).toMatch(
      /nothing was marked/,
    );
    expect(errorOf(() => parse({ status_cd: 'XX', error_report: {} }))).toMatch(
      /status_cd: expected a portal request status/,
    );
    expect(
      errorOf(() =>
        parse({ status_cd: 0, error: { error_cd: 'RET11416', message: 'Invalid session' } }),
      ),
    ).toMatch(/GSP's error answer.*Invalid session.*RET11416/);
  });
  it('refuses a lone surrogate anywhere in the answer, with its path', () => {
    const withText = (inum: string, msg: string) => ({
      status_cd: 'PE',
      error_report: {
        cn: [{ stin: SUP, error_cd: 'X', error_msg: msg, inv: [{ inum, rtnprd: '032026' }] }],
      },
    });
    expect(errorOf(() => parse(withText('CN-\udc07', 'm')))).toMatch(
      /^status\.json: error_report\.cn\[0\]\.inv\[0\]\.inum: not valid Unicode text \[INVALID_UNICODE\]/,
    );
    expect(errorOf(() => parse(withText('CN-1', 'bad \ud800')))).toContain(
      'status.json: error_report.cn[0].error_msg: not valid Unicode text',
    );
    expect(
      errorOf(() => parse({ result: withText('CN-1', 'm'), status_cd: 1, note: '\ud83d' })),
    ).toContain('status.json: note: not valid Unicode text');
  });
  it('reads short and long section keys alike', () => {
    const long = parse({
      status_cd: 'PE',
      error_report: {
        b2bcn: [
          { stin: SUP, error_cd: 'X', error_msg: 'm', inv: [{ inum: 'CN-2', rtnprd: '032026' }] },
        ],
        b2bdn: [
          { stin: SUP, error_cd: 'X', error_msg: 'm', inv: [{ inum: 'DN-1', rtnprd: '032026' }] },
        ],
      },
    });
    const short = parse({
      status_cd: 'pe',
      error_report: {
        cn: [
          { stin: SUP, error_cd: 'X', error_msg: 'm', inv: [{ inum: 'CN-2', rtnprd: '032026' }] },
        ],
        dn: [
          { stin: SUP, error_cd: 'X', error_msg: 'm', inv: [{ inum: 'DN-1', rtnprd: '032026' }] },
        ],
      },
    });
    expect(short.entries).toEqual(long.entries);
    expect(short.statusCode).toBe('PE');
  });
});
