import { describe, expect, it } from 'vitest';
import {
  ACCESS_CODES,
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  isRole,
  mayAccessGstin,
  roleMay,
  roleRefusal,
} from './access-policy.js';

const may = (p: (typeof PERMISSIONS)[number]) => ROLES.filter((r) => roleMay(r, p));

describe('the role policy', () => {
  it('gives each role what issue 16 says', () => {
    expect(may('read')).toEqual(['viewer', 'preparer', 'reviewer', 'admin']);
    expect(may('decide')).toEqual(['preparer', 'reviewer', 'admin']);
    expect(may('generateUpload')).toEqual(['reviewer', 'admin']);
    expect(may('approve')).toEqual(['reviewer', 'admin']);
    expect(may('readErrors')).toEqual(['reviewer', 'admin']);
    expect(may('import')).toEqual(['reviewer', 'admin']);
    expect(may('manageUsers')).toEqual(['admin']);
    expect(may('manageClients')).toEqual(['admin']);
  });

  it('holds only known permissions, each role at least those of the role below it', () => {
    for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
    for (let i = 1; i < ROLES.length; i++)
      for (const p of ROLE_PERMISSIONS[ROLES[i - 1]!]) expect(roleMay(ROLES[i]!, p)).toBe(true);
  });

  it('lets an admin see every client and the others only the GSTINs granted', () => {
    const G = '27AABCU9603R1ZN';
    expect(mayAccessGstin({ role: 'admin', gstins: [] }, G)).toBe(true);
    expect(mayAccessGstin({ role: 'reviewer', gstins: [G] }, G)).toBe(true);
    expect(mayAccessGstin({ role: 'reviewer', gstins: [G] }, '29AAACR5055K1Z3')).toBe(false);
    expect(mayAccessGstin({ role: 'viewer', gstins: [] }, G)).toBe(false);
  });

  it('says in words which roles may, with its stable code', () => {
    expect(roleRefusal('preparer', 'generateUpload')).toBe(
      'refused (ROLE_FORBIDS): a preparer may not generate upload files; ask for the reviewer or admin role',
    );
    expect(Object.entries(ACCESS_CODES).every(([k, v]) => k === v && /^[A-Z_]+$/.test(v))).toBe(
      true,
    );
    expect(isRole('admin')).toBe(true);
    expect(isRole('owner')).toBe(false);
  });
});
