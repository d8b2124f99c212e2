import { annualSettlement } from './types/annual-settlement.js';
import type { DocumentTypeDef, DocumentTypeName } from './types/document-type.js';
import { feeNotice } from './types/fee-notice.js';
import { generalLetter } from './types/general-letter.js';
import { ledgerCard } from './types/ledger-card.js';
import { salesDocument } from './types/sales-document.js';
import { waterSettlement } from './types/water-settlement.js';

/** Every document type by name. */
export const DOCUMENT_REGISTRY: Record<DocumentTypeName, DocumentTypeDef> = {
  fee_notice: feeNotice as unknown as DocumentTypeDef,
  general_letter: generalLetter as unknown as DocumentTypeDef,
  ledger_card: ledgerCard as unknown as DocumentTypeDef,
  annual_settlement: annualSettlement as unknown as DocumentTypeDef,
  sales_document: salesDocument as unknown as DocumentTypeDef,
  water_settlement: waterSettlement as unknown as DocumentTypeDef,
} as Record<DocumentTypeName, DocumentTypeDef>;

export function documentType(name: DocumentTypeName): DocumentTypeDef {
  const def = DOCUMENT_REGISTRY[name];
  if (!def) throw new Error(`unknown document type ${name}`);
  return def;
}
