import type { DocumentTypeDef, DocumentTypeName } from './types/document-type.js';
import { feeNotice } from './types/fee-notice.js';

/** Every document type by name. */
export const DOCUMENT_REGISTRY: Record<DocumentTypeName, DocumentTypeDef> = {
  fee_notice: feeNotice as unknown as DocumentTypeDef,
} as Record<DocumentTypeName, DocumentTypeDef>;

export function documentType(name: DocumentTypeName): DocumentTypeDef {
  const def = DOCUMENT_REGISTRY[name];
  if (!def) throw new Error(`unknown document type ${name}`);
  return def;
}
