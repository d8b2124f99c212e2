import type { Generated } from 'kysely';

/** Properties, their units and the recipients who live in or own them (the people mail goes to). */

export type PropertyKind = 'community' | 'cooperative' | 'own' | 'managed';

export interface PropertiesTable {
  id: string;
  name: string;
  kind: PropertyKind;
  street: string;
  postal_code: string;
  city: string;
  nip: string | null;
  /** JSON FeeNoticeLead: the notice a wspólnota's resolution requires for fee changes; null: none (D68). */
  fee_notice_lead: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export type UnitKind = 'flat' | 'commercial' | 'garage' | 'other';

export interface UnitsTable {
  id: string;
  property_id: string;
  number: string;
  kind: UnitKind;
  address: string;
  bank_account: string | null;
  external_key: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliveryChannel = 'email' | 'paper';
export type RecipientUnitRole = 'owner' | 'co_owner' | 'tenant' | 'member';

export interface RecipientsTable {
  id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  country: string;
  channel: DeliveryChannel;
  consent_at: string | null;
  consent_source: string | null;
  external_key: string | null;
  search_text: string;
  sort_name: string;
  created_at: string;
  updated_at: string;
  /** A complaint (ARF) came about mail to this recipient: the manager decides (migration 0016). */
  complained_at: Generated<string | null>;
  pdf_code: Generated<string | null>;
}

export interface RecipientEmailsTable {
  id: string;
  recipient_id: string;
  address: string;
  position: number;
}

export interface RecipientUnitsTable {
  recipient_id: string;
  unit_id: string;
  role: RecipientUnitRole;
}
