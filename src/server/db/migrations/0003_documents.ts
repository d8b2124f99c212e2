import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

const DOCUMENT_TYPES = sql`('fee_notice', 'sales_document', 'water_settlement', 'annual_settlement', 'general_letter', 'ledger_card')`;

/** Documents (rendered PDFs with their data), templates per type and account, batches (wysyłki) and their items. */
export function documentsMigration(_dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document_type', 'text', (c) => c.notNull().check(sql`document_type in ${DOCUMENT_TYPES}`))
        // null: the installation's default for the type (overrides the built-in one); else one account's own.
        .addColumn('account_id', 'text', (c) => c.references('smtp_accounts.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('templates_type_account')
        .on('templates')
        .columns(['document_type', 'account_id'])
        .unique()
        .where(sql.ref('account_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('templates_type_default')
        .on('templates')
        .column('document_type')
        .unique()
        .where(sql.ref('account_id'), 'is', null)
        .execute();

      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ${DOCUMENT_TYPES}`))
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('data', 'api', 'zip', 'printout')`))
        .addColumn('recipient_key', 'text', (c) => c.notNull())
        .addColumn('recipient_id', 'text', (c) => c.references('recipients.id').onDelete('set null'))
        .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
        .addColumn('property_id', 'text', (c) => c.references('properties.id').onDelete('set null'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // The merge fields (JSON): the type's data for rendered documents, or what came with a ready PDF.
        .addColumn('data', 'text', (c) => c.notNull())
        // JSON: issuer, recipient and unit as printed on the PDF.
        .addColumn('parties', 'text', (c) => c.notNull())
        .addColumn('pdf_sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('restrict'))
        .addColumn('pdf_size', 'integer', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('documents_type_period')
        .on('documents')
        .columns(['type', 'period', 'property_id', 'id'])
        .execute();
      await db.schema.createIndex('documents_created').on('documents').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('documents_import').on('documents').column('import_id').execute();
      await db.schema.createIndex('documents_unit').on('documents').column('unit_id').execute();
      await db.schema.createIndex('documents_recipient').on('documents').column('recipient_id').execute();
      await db.schema.createIndex('documents_blob').on('documents').column('pdf_sha256').execute();

      await db.schema
        .createTable('batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('document_type', 'text', (c) => c.notNull().check(sql`document_type in ${DOCUMENT_TYPES}`))
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('restrict'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('smtp_accounts.id').onDelete('restrict'))
        // The template as chosen when the batch was made (JSON {subject, html, text}); later edits do not change it.
        .addColumn('template', 'text', (c) => c.notNull())
        // Which documents: JSON {period, propertyId, importId, documentIds}.
        .addColumn('selection', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'running', 'ready', 'failed')`))
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('email_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('paper_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('paper_pack_sha256', 'text', (c) => c.references('blobs.sha256').onDelete('restrict'))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('batches_created').on('batches').columns(['created_at', 'id']).execute();

      await db.schema
        .createTable('batch_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id').onDelete('cascade'))
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('restrict'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('batch_attachments_batch')
        .on('batch_attachments')
        .columns(['batch_id', 'position'])
        .execute();

      // One row per (document, recipient, address): what the batch made of it. The key makes re-runs idempotent.
      await db.schema
        .createTable('batch_items')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id').onDelete('cascade'))
        .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
        .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id').onDelete('cascade'))
        // '' for a paper item.
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'paper')`))
        .addColumn('reason', 'text')
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_items_pk', ['batch_id', 'document_id', 'recipient_id', 'address'])
        .execute();
      await db.schema.createIndex('batch_items_channel').on('batch_items').columns(['batch_id', 'channel']).execute();

      // Plain columns, no foreign keys: SQLite cannot drop a column that is in one (down migration), and
      // messages outlive their batch (a batch with messages is never deleted; see batches.service.ts).
      await db.schema.alterTable('messages').addColumn('batch_id', 'text').execute();
      await db.schema.alterTable('messages').addColumn('document_id', 'text').execute();
      await db.schema
        .createIndex('messages_batch')
        .on('messages')
        .columns(['batch_id', 'mailbox', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('messages_document').on('messages').column('document_id').execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('messages_document').execute();
      await db.schema.dropIndex('messages_batch').execute();
      await db.schema.alterTable('messages').dropColumn('document_id').execute();
      await db.schema.alterTable('messages').dropColumn('batch_id').execute();
      for (const table of ['batch_items', 'batch_attachments', 'batches', 'documents', 'templates']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
