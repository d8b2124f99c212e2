import { describe, expect, it } from 'vitest';
import { dovecotMailbox, feedbackMail, waitFor } from '../../../test/support/feedback.js';
import { readerWorld } from '../../../test/support/reader-world.js';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';
import type { ReaderLog } from './reader-loop.js';

// What the reader tells the operator when it cannot read a mailbox: one warning when a series of failures starts,
// one line when reading works again (never every retry), and the status row the settings page shows.
const w = readerWorld(['logged', 'wrongpw', 'nofolder'], { backoffMaxMs: 150 });

function capturingLog() {
  const lines: { level: 'warn' | 'info'; fields: Record<string, unknown>; message: string }[] = [];
  const log: ReaderLog = {
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
  };
  return { log, lines, of: (level: 'warn' | 'info') => lines.filter((l) => l.level === level) };
}

const status = (mailboxId: string) =>
  w.db.selectFrom('feedback_reader_leases').selectAll().where('mailbox_id', '=', mailboxId).executeTakeFirstOrThrow();

describe('the feedback reader reports failures', () => {
  it('logs the first failure of a series and the recovery, not every retry, without secrets', async () => {
    const login = w.user('logged');
    const proxy = await startTcpProxy(w.dovecot.port);
    w.afterReaders(() => proxy.close());
    proxy.refuse(true);
    const mailbox = dovecotMailbox(w.dovecot, login, { port: proxy.port, name: 'Zwroty Czynsze' });
    const { log, lines, of } = capturingLog();
    const r = w.reader(mailbox, { workerId: 'w-log', log });
    await waitFor('several retries', () => r.connections >= 4);
    expect(of('warn')).toHaveLength(1);
    expect(of('warn')[0]?.fields).toMatchObject({ mailboxId: mailbox.id, mailbox: 'Zwroty Czynsze', worker: 'w-log' });
    expect(String(of('warn')[0]?.fields.error)).toMatch(/serwerem 127\.0\.0\.1:\d+/);
    expect(of('info')).toHaveLength(0);
    const failing = await status(mailbox.id);
    expect(failing).toMatchObject({ status: 'error', lease_owner: 'w-log' });
    expect(failing.last_error).toMatch(/serwerem 127\.0\.0\.1:\d+.*Sprawdź nazwę serwera i port/);
    expect(failing.error_since).not.toBeNull();

    proxy.refuse(false);
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Po awarii'));
    await waitFor('reading again', async () => (await status(mailbox.id)).status === 'ok');
    await new Promise((res) => setTimeout(res, 300));
    expect(of('warn')).toHaveLength(1);
    expect(of('info')).toHaveLength(1);
    expect(of('info')[0]?.fields).toMatchObject({ mailboxId: mailbox.id, mailbox: 'Zwroty Czynsze' });
    expect(Number(of('info')[0]?.fields.failures)).toBeGreaterThanOrEqual(3);
    expect(await status(mailbox.id)).toMatchObject({ last_error: null, error_since: null });

    // A connection that worked and then dropped is taken up again without a word.
    proxy.dropAll();
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Po zerwaniu'));
    await waitFor('read after the drop', async () => (await w.dovecot.messages(login.user, 'INBOX')).length === 0);
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain(login.password);
  }, 30_000);

  it('says in Polish that the password is wrong, and reads once it is right', async () => {
    const login = w.user('wrongpw');
    let password = 'nie-to-hasło';
    const mailbox = dovecotMailbox(w.dovecot, login, { credentials: async () => ({ password }) });
    const { log, of } = capturingLog();
    w.reader(mailbox, { workerId: 'w-pw', log });
    await waitFor('an error', async () => (await status(mailbox.id).catch(() => null))?.status === 'error');
    const row = await status(mailbox.id);
    expect(row.last_error).toContain('Serwer odrzucił nazwę użytkownika lub hasło. Wpisz aktualne hasło');
    expect(row.last_error_detail).toMatch(/AUTHENTICATIONFAILED|Authentication failed/i);
    expect(JSON.stringify(of('warn'))).not.toContain(password);
    password = login.password;
    await waitFor('reading', async () => (await status(mailbox.id)).status === 'ok');
    expect(of('info')).toHaveLength(1);
  }, 30_000);

  it('names a watched folder the server does not have', async () => {
    const login = w.user('nofolder');
    const mailbox = dovecotMailbox(w.dovecot, login, { folders: ['INBOX', 'Zwroty-stare'] });
    const { log, of } = capturingLog();
    const r = w.reader(mailbox, { workerId: 'w-folder', log });
    await waitFor('an error', async () => (await status(mailbox.id).catch(() => null))?.status === 'error');
    await waitFor('retried', () => r.connections >= 3);
    const row = await status(mailbox.id);
    expect(row.last_error).toContain('Na serwerze nie ma folderu „Zwroty-stare”');
    // The connection works, the read does not: still one series, one warning, no "reading again" in between.
    expect(of('warn')).toHaveLength(1);
    expect(of('info')).toHaveLength(0);
    expect(row.last_ok_at).toBeNull();
  }, 30_000);
});
