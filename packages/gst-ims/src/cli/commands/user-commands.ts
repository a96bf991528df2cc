import type { Command } from 'commander';
import type { UserInfo } from '../../app/accounts.js';
import {
  addUser,
  grantGstins,
  listUsers,
  parseRole,
  setUserDisabled,
  setUserPassword,
} from '../../app/accounts.js';
import { ROLES } from '../../core/index.js';
import { table } from '../output.js';
import type { Session } from '../session.js';
import { readPassword } from '../read-password.js';

// `gst-ims user ...`: the accounts of a multi-user server (gst-ims serve --multi-user). A
// password is typed at a prompt or piped in (--password-stdin), never given as an argument, which
// the shell's history and the process list would keep.
export function registerUser(program: Command, session: () => Session): void {
  const user = program
    .command('user')
    .description('accounts for gst-ims serve --multi-user: add, list, disable, password, grant');

  user
    .command('add')
    .argument('<name>', 'the account name (letters, digits, . _ @ -)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')} (the first account: admin)`)
    .option('--password-stdin', 'read the password from standard input instead of a prompt')
    .description(
      'add an account; the password is asked for (or read from stdin); --gstin A,B grants clients (admins see all)',
    )
    .action(async (name: string, o: { role: string; passwordStdin?: boolean }) => {
      const s = session();
      const role = parseRole(o.role);
      const password = await readPassword(o.passwordStdin === true, `Password for ${name}`);
      const u = await addUser((await s.ctx()).store, {
        name,
        role,
        password,
        // The global --gstin (comma-separated here): the clients the new account may see.
        gstins: splitList(s.opts.gstin),
        now: s.io.now(),
      });
      if (s.out.format === 'json') return s.out.json(u);
      s.out.line(`Added ${u.role} ${u.name}${access(u)}.`);
      if (u.role !== 'admin' && u.gstins.length === 0)
        s.out.line(`${u.name} sees no client yet: gst-ims user grant ${u.name} GSTIN`);
    });

  user
    .command('list')
    .description('list the accounts, their roles and clients')
    .action(async () => {
      const s = session();
      const users = await listUsers((await s.ctx()).store);
      if (s.out.format === 'json') return s.out.json(users);
      if (users.length === 0) {
        s.out.line('No account yet: gst-ims user add NAME --role admin');
        return;
      }
      s.out.line(
        table(
          ['Name', 'Role', 'Status', 'Clients', 'Created'],
          users.map((u) => [
            u.name,
            u.role,
            u.disabled ? 'disabled' : 'active',
            u.gstins.join(', ') || '-',
            u.createdAt,
          ]),
        ),
      );
    });

  user
    .command('disable')
    .argument('<name>')
    .option('--enable', 'enable the account again instead')
    .description('disable an account (its sessions end at once), or enable it again')
    .action(async (name: string, o: { enable?: boolean }) => {
      const s = session();
      const disabled = o.enable !== true;
      const r = await setUserDisabled((await s.ctx()).store, name, disabled);
      if (s.out.format === 'json') return s.out.json({ name, disabled, ...r });
      s.out.line(
        disabled
          ? `Disabled ${name}; ${r.sessionsEnded} session(s) ended.`
          : `Enabled ${name} again.`,
      );
    });

  user
    .command('password')
    .argument('<name>')
    .option('--password-stdin', 'read the new password from standard input instead of a prompt')
    .description("set an account's password (its sessions end at once)")
    .action(async (name: string, o: { passwordStdin?: boolean }) => {
      const s = session();
      const password = await readPassword(o.passwordStdin === true, `New password for ${name}`);
      const r = await setUserPassword((await s.ctx()).store, name, password);
      if (s.out.format === 'json') return s.out.json({ name, ...r });
      s.out.line(`Set a new password for ${name}; ${r.sessionsEnded} session(s) ended.`);
    });

  user
    .command('grant')
    .argument('<name>')
    .argument('<gstins...>', 'client GSTINs')
    .option('--revoke', 'take the GSTINs away instead')
    .description('let an account see and work on client GSTINs (or take them away)')
    .action(async (name: string, gstins: string[], o: { revoke?: boolean }) => {
      const s = session();
      const list = gstins.flatMap((g) => splitList(g));
      const u = await grantGstins((await s.ctx()).store, name, list, o.revoke === true);
      if (s.out.format === 'json') return s.out.json(u);
      s.out.line(`${u.name} (${u.role})${access(u)}.`);
    });
}

function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function access(u: UserInfo): string {
  if (u.role === 'admin') return ', who sees every client';
  return u.gstins.length === 0 ? ', with no client yet' : `, for ${u.gstins.join(', ')}`;
}
