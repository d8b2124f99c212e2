import { describe, expect, it } from 'vitest';
import { isValidNrb } from '../../shared/nrb.js';
import { PositionInput } from '../../shared/positions.js';
import { PropertyInput, UnitInput } from '../../shared/properties.js';
import { RecipientInput } from '../../shared/recipients.js';
import { EmailAddress } from '../../shared/zod.js';
import { generateDemoData } from './demo-data.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES, surnameFor } from './names.js';

const data = generateDemoData();
const units = data.properties.flatMap((p) => p.units);
const people = data.recipients.flatMap((r) => (r.person ? [r.person] : []));
const DIACRITICS = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;
const fakeId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('generateDemoData', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoData({ seed: 7 })).toEqual(generateDemoData({ seed: 7 }));
    expect(generateDemoData({ seed: 7 })).not.toEqual(generateDemoData({ seed: 8 }));
    expect(generateDemoData()).toEqual(data);
  });

  it('builds one cooperative with several buildings and two homeowners’ associations', () => {
    expect(data.properties.map((p) => [p.name, p.kind])).toEqual([
      ['SM „Przyszłość”', 'cooperative'],
      ['WM Długa 12', 'community'],
      ['WM Kwiatowa 5', 'community'],
    ]);
    const cooperative = data.properties[0]!;
    const buildings = new Set(cooperative.units.map((u) => u.number.split('/')[0]));
    expect(buildings.size).toBeGreaterThanOrEqual(3);
    expect(cooperative.units[0]).toMatchObject({ number: 'Słoneczna 4/1', address: 'ul. Słoneczna 4/1' });
    expect(data.positions.map((p) => p.name)).toEqual(['Czynsze', 'Księgowość', 'Dział techniczny']);
  });

  it('makes the requested number of units, mostly flats, plus commercial units and garages', () => {
    expect(units).toHaveLength(300);
    for (const n of [30, 77, 1000]) {
      expect(generateDemoData({ units: n }).properties.flatMap((p) => p.units)).toHaveLength(n);
    }
    const byKind = (kind: string) => units.filter((u) => u.kind === kind).length;
    expect(byKind('flat')).toBeGreaterThan(250);
    expect(byKind('commercial')).toBeGreaterThan(0);
    expect(byKind('garage')).toBeGreaterThan(0);
    expect(() => generateDemoData({ units: 5 })).toThrow(RangeError);
    expect(() => generateDemoData({ units: 12.5 })).toThrow(RangeError);
  });

  it('gives every unit a unique external key and an individual NRB that passes mod 97 at a real bank', () => {
    const keys = units.map((u) => u.externalKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^(SMP|WMD|WMK)-\d{4}$/);
    const nrbs = units.map((u) => u.bankAccount);
    expect(new Set(nrbs).size).toBe(nrbs.length);
    for (const nrb of nrbs) {
      expect(isValidNrb(nrb), nrb).toBe(true);
      expect(['10201026', '12401037', '11402004', '10901014']).toContain(nrb.slice(2, 10));
    }
  });

  it('gives e-mail addresses that pass the schema, are ASCII and use example domains only', () => {
    const all = data.recipients.flatMap((r) => r.emails);
    expect(all.length).toBeGreaterThan(200);
    expect(new Set(all).size).toBe(all.length);
    for (const address of all) {
      expect(EmailAddress.safeParse(address).success, address).toBe(true);
      expect(address).toMatch(/^[a-z0-9.-]+@example\.(pl|com|org)$/);
    }
    expect(all).toContain('lokale.komunalne@example.org');
  });

  it('uses NN-NNN postal codes in Poland and keeps foreign ones as they are', () => {
    for (const p of data.properties) expect(p.postalCode).toMatch(/^\d{2}-\d{3}$/);
    for (const r of data.recipients.filter((x) => x.country === 'PL')) expect(r.postalCode).toMatch(/^\d{2}-\d{3}$/);
    const abroad = data.recipients.filter((r) => r.country !== 'PL');
    expect(abroad.length).toBeGreaterThan(0);
    for (const r of abroad) expect(r.postalCode).not.toMatch(/^\d{2}-\d{3}$/);
    const seeds = Array.from({ length: 10 }, (_, i) => generateDemoData({ seed: i + 1 }));
    const berlin = seeds.flatMap((d) => d.recipients).find((r) => r.country === 'DE' && r.city === 'Berlin');
    expect(berlin?.postalCode).toBe('10115');
  });

  it('keeps first names and surnames in the right gender form', () => {
    const feminine = new Set(SURNAMES.map((s) => surnameFor(s, 'f')));
    const masculine = new Set<string>(SURNAMES);
    expect(surnameFor('Kowalski', 'f')).toBe('Kowalska');
    expect(surnameFor('Zawadzki', 'f')).toBe('Zawadzka');
    expect(surnameFor('Nowak', 'f')).toBe('Nowak');
    for (const p of people) {
      const parts = p.lastName.split('-');
      if (p.gender === 'f') {
        expect(FEMALE_FIRST_NAMES).toContain(p.firstName);
        for (const part of parts) expect(feminine.has(part), p.lastName).toBe(true);
        expect(p.lastName).not.toMatch(/(sk|ck|dzk)i(-|$)/);
      } else {
        expect(MALE_FIRST_NAMES).toContain(p.firstName);
        for (const part of parts) expect(masculine.has(part), p.lastName).toBe(true);
        expect(p.lastName).not.toMatch(/(sk|ck|dzk)a(-|$)/);
      }
    }
    const names = data.recipients.filter((r) => r.person).map((r) => r.name);
    expect(names).toEqual(people.map((p) => `${p.firstName} ${p.lastName}`));
    // Married couples: one household, same (or double-barrelled) surname, in both gender forms.
    const couples = data.recipients.filter((r) => r.externalKey.endsWith('-2'));
    expect(couples.length).toBeGreaterThan(50);
    expect(people.some((p) => p.gender === 'f' && p.lastName.includes('-'))).toBe(true);
  });

  it('has Polish diacritics in names, streets and unit numbers', () => {
    expect(people.filter((p) => DIACRITICS.test(p.firstName)).length).toBeGreaterThan(10);
    expect(people.filter((p) => DIACRITICS.test(p.lastName)).length).toBeGreaterThan(10);
    expect(units.some((u) => DIACRITICS.test(u.number))).toBe(true);
    expect(data.properties.some((p) => DIACRITICS.test(p.name))).toBe(true);
  });

  it('mixes delivery channels: mostly e-mail with consent, some without consent, the rest paper', () => {
    const email = data.recipients.filter((r) => r.channel === 'email');
    const share = email.length / data.recipients.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.85);
    expect(email.filter((r) => !r.consent).length).toBeGreaterThan(0);
    expect(data.recipients.filter((r) => r.emails.length === 2).length).toBeGreaterThan(0);
    for (const r of email) expect(r.emails.length).toBeGreaterThan(0);
    for (const r of data.recipients) {
      if (!r.consent) continue;
      expect(r.consent.date >= '2024-01-01' && r.consent.date <= '2026-12-31', r.consent.date).toBe(true);
      expect(r.consent.source).toMatch(
        /^(oświadczenie z \d{2}\.\d{2}\.\d{4}|wniosek e-BOK nr \d+\/\d{4}|formularz zgody .+|umowa o zarządzanie .+)$/,
      );
      const [y, m, d] = r.consent.date.split('-');
      if (/\d{2}\.\d{2}\.\d{4}$/.test(r.consent.source)) expect(r.consent.source).toContain(`${d}.${m}.${y}`);
      if (r.consent.source.startsWith('wniosek')) expect(r.consent.source).toContain(`/${y}`);
    }
    expect(data.recipients.some((r) => r.consent?.source.startsWith('wniosek e-BOK nr'))).toBe(true);
    expect(data.recipients.some((r) => r.consent?.source.startsWith('oświadczenie z'))).toBe(true);
  });

  it('links every unit to at least one recipient, with owners, co-owners, members and tenants', () => {
    const keys = new Set(units.map((u) => u.externalKey));
    const linked = new Set<string>();
    const roles = new Set<string>();
    for (const r of data.recipients) {
      for (const u of r.units) {
        expect(keys.has(u.unitKey), u.unitKey).toBe(true);
        linked.add(u.unitKey);
        roles.add(u.role);
      }
    }
    expect(linked.size).toBe(keys.size);
    expect([...roles].sort()).toEqual(['co_owner', 'member', 'owner', 'tenant']);
    const recipientKeys = data.recipients.map((r) => r.externalKey);
    expect(new Set(recipientKeys).size).toBe(recipientKeys.length);
  });

  it('produces inputs that the API schemas accept', () => {
    for (const p of data.positions) expect(PositionInput.safeParse(p).success).toBe(true);
    for (const { units: list, ...property } of data.properties) {
      const parsed = PropertyInput.safeParse(property);
      expect(parsed.error?.issues ?? [], property.name).toEqual([]);
      for (const unit of list) {
        const u = UnitInput.safeParse({ ...unit, propertyId: fakeId(1) });
        expect(u.error?.issues ?? [], unit.externalKey).toEqual([]);
      }
    }
    for (const { person: _person, units: links, ...fields } of data.recipients) {
      const input = { ...fields, units: links.map((l, i) => ({ unitId: fakeId(i + 1), role: l.role })) };
      const parsed = RecipientInput.safeParse(input);
      expect(parsed.error?.issues ?? [], fields.externalKey).toEqual([]);
    }
  });
});
