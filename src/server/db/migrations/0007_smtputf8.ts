import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Whether an account's SMTP server offers SMTPUTF8 (RFC 6531), as its EHLO last said: recorded by "Sprawdź
 * połączenie" and by the worker after each accepted message; null until known. A message to an address with
 * non-ASCII letters before the @ is queued only when the account's server offers it.
 */
export function smtpUtf8Migration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('smtp_accounts')
        .addColumn('smtputf8', 'text', (c) => c.check(sql`smtputf8 in ('offered', 'not_offered')`))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('smtp_accounts').dropColumn('smtputf8').execute();
    },
  };
}
