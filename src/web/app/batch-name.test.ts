import { afterAll, describe, expect, it } from 'vitest';
import { documentType } from '../../server/documents/registry.js';
import { DocumentTypeName } from '../../shared/documents.js';
import { batchName } from './batch-name.js';
import i18n from './i18n.js';

const t = i18n.getFixedT.bind(i18n);
afterAll(() => i18n.changeLanguage('pl'));

describe("a batch's name in the app's language", () => {
  const made = { name: 'Zawiadomienie o wysokości opłat — luty 2027', nameParts: null };

  it('builds a name Listonosz made from its parts: Polish as stored, English in English', () => {
    const parts = { documentType: 'fee_notice' as const, period: '2027-02', date: null };
    expect(batchName({ ...made, nameParts: parts }, t('pl'), 'pl')).toBe(made.name);
    expect(batchName({ ...made, nameParts: parts }, t('en'), 'en')).toBe('Fee-amount notices — February 2027');
    const undated = { documentType: 'general_letter' as const, period: null, date: '2026-12-06' };
    expect(batchName({ name: 'x', nameParts: undated }, t('pl'), 'pl')).toBe('Pismo ogólne — 6 grudnia 2026 r.');
    expect(batchName({ name: 'x', nameParts: undated }, t('en'), 'en')).toBe('General letters — 6 December 2026');
  });

  it('keeps a typed name as it was typed, in both languages', () => {
    expect(batchName({ name: 'Czynsze Kwiatowa — poprawka', nameParts: null }, t('en'), 'en')).toBe(
      'Czynsze Kwiatowa — poprawka',
    );
  });

  it('says every document type in Polish exactly as the server names batches', () => {
    for (const type of DocumentTypeName.options) {
      const parts = { documentType: type, period: '2027-02', date: null };
      expect(batchName({ name: '', nameParts: parts }, t('pl'), 'pl')).toBe(`${documentType(type).label} — luty 2027`);
      expect(batchName({ name: '', nameParts: parts }, t('en'), 'en')).not.toMatch(/batchName|luty/);
    }
  });
});
