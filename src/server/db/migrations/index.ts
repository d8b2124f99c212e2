import type { Migration } from 'kysely';
import type { DialectSql } from '../dialect.js';
import { coreMigration } from './0001_core.js';
import { sendingMigration } from './0002_sending.js';
import { documentsMigration } from './0003_documents.js';
import { positionPropertiesMigration } from './0004_position_properties.js';
import { uploadQuotaMigration } from './0005_upload_quota.js';
import { loginLockoutMigration } from './0006_login_lockout.js';
import { smtpUtf8Migration } from './0007_smtputf8.js';
import { batchAlreadySentMigration } from './0008_batch_already_sent.js';
import { messageLinksMigration } from './0009_message_links.js';
import { passwordChangeMigration } from './0010_password_change.js';
import { messageResolutionMigration } from './0011_message_resolution.js';
import { feedbackMailboxesMigration } from './0012_feedback_mailboxes.js';
import { readReceiptsMigration } from './0013_read_receipts.js';
import { feedbackReaderMigration } from './0015_feedback_reader.js';
import { feedbackEffectsMigration } from './0016_feedback_effects.js';
import { inboxMigration } from './0017_inbox.js';
import { feedbackTriageMigration } from './0018_feedback_triage.js';
import { feedbackReaderKeysMigration } from './0019_feedback_reader_keys.js';
import { apiKeysMigration } from './0020_api_keys.js';
import { messageEventsMigration } from './0021_message_events.js';
import { intakeMigration } from './0022_intake.js';
import { dropFoldersMigration } from './0023_drop_folders.js';
import { propertyFilterBuyerMigration } from './0024_property_filter_buyer.js';
import { documentsUnitTypePeriodMigration } from './0025_documents_unit_type_period.js';
import { accountRodoFooterMigration } from './0026_account_rodo_footer.js';
import { batchWrittenFormMigration } from './0027_batch_written_form.js';
import { downloadLinksMigration } from './0028_download_links.js';
import { pdfPasswordMigration } from './0029_pdf_password.js';
import { retentionMigration } from './0031_retention.js';
import { searchWordsMigration } from './0032_search_words.js';
import { sentIndexesMigration } from './0033_sent_indexes.js';
import { messagesSearchMigration } from './0034_messages_search.js';
import { documentRunOrderMigration } from './0035_document_run_order.js';
import { webhookSecretRotationMigration } from './0036_webhook_secret_rotation.js';

/** All migrations in order. Names sort lexically; never rename or edit one that has shipped. */
export function migrations(dialect: DialectSql): Record<string, Migration> {
  return {
    '0001_core': coreMigration(dialect),
    '0002_sending': sendingMigration(dialect),
    '0003_documents': documentsMigration(dialect),
    '0004_position_properties': positionPropertiesMigration(dialect),
    '0005_upload_quota': uploadQuotaMigration(dialect),
    '0006_login_lockout': loginLockoutMigration(dialect),
    '0007_smtputf8': smtpUtf8Migration(),
    '0008_batch_already_sent': batchAlreadySentMigration(),
    '0009_message_links': messageLinksMigration(),
    '0010_password_change': passwordChangeMigration(),
    '0011_message_resolution': messageResolutionMigration(),
    '0012_feedback_mailboxes': feedbackMailboxesMigration(),
    '0013_read_receipts': readReceiptsMigration(),
    '0015_feedback_reader': feedbackReaderMigration(),
    '0016_feedback_effects': feedbackEffectsMigration(),
    '0017_inbox': inboxMigration(),
    '0018_feedback_triage': feedbackTriageMigration(),
    '0019_feedback_reader_keys': feedbackReaderKeysMigration(dialect),
    '0020_api_keys': apiKeysMigration(),
    '0021_message_events': messageEventsMigration(dialect),
    '0022_intake': intakeMigration(),
    '0023_drop_folders': dropFoldersMigration(),
    '0024_property_filter_buyer': propertyFilterBuyerMigration(),
    '0025_documents_unit_type_period': documentsUnitTypePeriodMigration(),
    '0026_account_rodo_footer': accountRodoFooterMigration(),
    '0027_batch_written_form': batchWrittenFormMigration(),
    '0028_download_links': downloadLinksMigration(),
    '0029_pdf_password': pdfPasswordMigration(),
    '0031_retention': retentionMigration(),
    '0032_search_words': searchWordsMigration(dialect),
    '0033_sent_indexes': sentIndexesMigration(),
    '0034_messages_search': messagesSearchMigration(dialect),
    '0035_document_run_order': documentRunOrderMigration(),
    '0036_webhook_secret_rotation': webhookSecretRotationMigration(),
  };
}
