import type { Db } from '../../db/schema.js';
import { PDF_PASSWORD_TYPES_KEY } from './pdf-password.js';

/** SQL for password-protected PDFs (D71): what a message's rule and password are made of. */
export const pdfPasswordRepository = {
  async typeRulesJson(db: Db): Promise<string | null> {
    const row = await db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', PDF_PASSWORD_TYPES_KEY)
      .executeTakeFirst();
    return row?.value ?? null;
  },

  /** Per message made from a document: the three rules, the document's PDF, the unit's NRB and the recipient's code. */
  sourcesOf(db: Db, messageIds: string[]) {
    return db
      .selectFrom('messages as m')
      .innerJoin('documents as d', 'd.id', 'm.document_id')
      .innerJoin('smtp_accounts as a', 'a.id', 'm.account_id')
      .leftJoin('batches as b', 'b.id', 'm.batch_id')
      .leftJoin('units as u', 'u.id', 'd.unit_id')
      .leftJoin('recipients as r', 'r.id', 'm.recipient_id')
      .select([
        'm.id',
        'm.to_name',
        'm.to_address',
        'd.type',
        'd.pdf_sha256',
        'a.pdf_password as account_rule',
        'b.pdf_password as batch_rule',
        'u.bank_account',
        'u.number as unit_number',
        'r.pdf_code',
        'r.name as recipient_name',
      ])
      .where('m.id', 'in', messageIds)
      .orderBy('m.id')
      .execute();
  },

  /** Subject and body of messages, for the check that none gives its password away. */
  textsOf(db: Db, messageIds: string[]) {
    return db
      .selectFrom('messages as m')
      .leftJoin('message_bodies as mb', 'mb.message_id', 'm.id')
      .select(['m.id', 'm.subject', 'mb.html', 'mb.text'])
      .where('m.id', 'in', messageIds)
      .execute();
  },
};

export type PdfPasswordSource = Awaited<ReturnType<typeof pdfPasswordRepository.sourcesOf>>[number];
