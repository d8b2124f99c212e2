import { DEFAULT_DEMO_UNITS, MAX_DEMO_UNITS, MIN_DEMO_UNITS } from '../../shared/demo.js';
import { nrbWithCheckDigits } from '../../shared/nrb.js';
import type { RecipientUnitRole } from '../db/schema.js';
import { DEMO_CITY, type Gender } from './names.js';
import { household, RecipientFactory } from './people.js';
import { createRng, type Rng } from './random.js';

/**
 * Realistic sample data for `listonosz demo`: one housing cooperative with several buildings and two
 * homeowners' associations, their units with individual NRBs, and the owners, co-owners and tenants who get
 * the correspondence. Pure and deterministic: the same seed and size always give the same data.
 */

export const DEFAULT_DEMO_SEED = 2026;
// The bounds live in src/shared/demo.ts, beside the API's schema that checks them.
export { DEFAULT_DEMO_UNITS, MAX_DEMO_UNITS, MIN_DEMO_UNITS };

export interface DemoDataOptions {
  seed?: number;
  /** Total number of units across all properties. */
  units?: number;
}

export interface DemoPosition {
  name: string;
  description: string;
}

export interface DemoUnit {
  /** The rent system's key, e.g. "SMP-0001"; also how the loader recognises the unit on a second run. */
  externalKey: string;
  number: string;
  kind: 'flat' | 'commercial' | 'garage';
  address: string;
  bankAccount: string;
}

export interface DemoProperty {
  name: string;
  kind: 'cooperative' | 'community';
  street: string;
  postalCode: string;
  city: string;
  nip: string;
  units: DemoUnit[];
}

export interface DemoPerson {
  firstName: string;
  lastName: string;
  gender: Gender;
}

export interface DemoRecipient {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  channel: 'email' | 'paper';
  consent: { date: string; source: string } | null;
  externalKey: string;
  emails: string[];
  /** Units by their external key (the ids exist only once the units are stored). */
  units: { unitKey: string; role: RecipientUnitRole }[];
  /** The natural person behind the record; null for businesses and the municipality. */
  person: DemoPerson | null;
}

export interface DemoData {
  positions: DemoPosition[];
  properties: DemoProperty[];
  recipients: DemoRecipient[];
}

export const DEMO_POSITIONS: DemoPosition[] = [
  { name: 'Czynsze', description: 'Zawiadomienia o wysokości opłat, kartoteki lokali, przypomnienia o zaległościach.' },
  { name: 'Księgowość', description: 'Faktury i noty, rozliczenia roczne zaliczek, potwierdzenia sald.' },
  {
    name: 'Dział techniczny',
    description: 'Rozliczenia wody i ciepła, ogłoszenia o przeglądach, odczytach i przerwach w dostawach.',
  },
];

interface BuildingPlan {
  street: string;
  no: string;
  postalCode: string;
}

interface PropertyPlan {
  name: string;
  kind: 'cooperative' | 'community';
  prefix: string;
  street: string;
  postalCode: string;
  /** Bank settlement number (8 digits, with its own check digit) of the bank keeping the unit accounts. */
  bank: string;
  share: number;
  buildings: BuildingPlan[];
}

const CITY = DEMO_CITY;

const PLAN: PropertyPlan[] = [
  {
    name: 'SM „Przyszłość”',
    kind: 'cooperative',
    prefix: 'SMP',
    street: 'ul. Słoneczna 2',
    postalCode: '93-230',
    bank: '10201026', // PKO BP
    share: 0.7,
    buildings: [
      { street: 'Słoneczna', no: '4', postalCode: '93-230' },
      { street: 'Słoneczna', no: '6', postalCode: '93-230' },
      { street: 'Źródlana', no: '8', postalCode: '93-231' },
      { street: 'Żeglarska', no: '11', postalCode: '93-232' },
    ],
  },
  {
    name: 'WM Długa 12',
    kind: 'community',
    prefix: 'WMD',
    street: 'ul. Długa 12',
    postalCode: '90-412',
    bank: '12401037', // Bank Pekao
    share: 0.18,
    buildings: [{ street: 'Długa', no: '12', postalCode: '90-412' }],
  },
  {
    name: 'WM Kwiatowa 5',
    kind: 'community',
    prefix: 'WMK',
    street: 'ul. Kwiatowa 5',
    postalCode: '91-340',
    bank: '11402004', // mBank
    share: 0.12,
    buildings: [{ street: 'Kwiatowa', no: '5', postalCode: '91-340' }],
  },
];

const MUNICIPALITY: Omit<DemoRecipient, 'units'> = {
  name: 'Miasto Łódź — Zarząd Lokali Miejskich',
  street: 'ul. Piotrkowska 175',
  postalCode: '90-447',
  city: CITY,
  country: 'PL',
  channel: 'email',
  consent: { date: '2024-01-02', source: 'umowa o zarządzanie z 02.01.2024' },
  externalKey: 'GMINA-LODZ',
  emails: ['lokale.komunalne@example.org'],
  person: null,
};

/** A NIP with a valid check digit, starting with a Łódź tax office code. */
function nip(rng: Rng): string {
  for (;;) {
    const digits = `${rng.pick(['725', '726', '727', '728', '729', '947'])}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
    const check = weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0) % 11;
    if (check !== 10) return `${digits}${check}`;
  }
}

/** Splits `total` into parts proportional to `shares`, every part at least 1. */
function split(total: number, shares: number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const parts = shares.map((s) => Math.max(1, Math.floor((total * s) / sum)));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i] = (parts[i] as number) + 1;
  return parts;
}

function buildUnits(rng: Rng, plan: PropertyPlan, count: number): DemoUnit[] {
  const clientId = String(rng.int(100_000, 999_999));
  const units: DemoUnit[] = [];
  const perBuilding = split(
    count,
    plan.buildings.map(() => 1),
  );
  plan.buildings.forEach((b, bi) => {
    const c = perBuilding[bi] as number;
    const garages = Math.floor(c * 0.06);
    const commercial = Math.max(c >= 20 ? 1 : 0, Math.floor(c * 0.04));
    const flats = c - garages - commercial;
    const street = `ul. ${b.street} ${b.no}`;
    const add = (kind: DemoUnit['kind'], label: string, address: string) => {
      const seq = units.length + 1;
      units.push({
        externalKey: `${plan.prefix}-${String(seq).padStart(4, '0')}`,
        number: `${b.street} ${b.no}/${label}`,
        kind,
        address,
        bankAccount: nrbWithCheckDigits(`${plan.bank}${clientId}00${String(seq).padStart(8, '0')}`),
      });
    };
    for (let i = 1; i <= flats; i++) add('flat', String(i), `${street}/${i}`);
    for (let i = 1; i <= commercial; i++) add('commercial', `U${i}`, `${street}, lokal użytkowy U${i}`);
    for (let i = 1; i <= garages; i++) add('garage', `G${i}`, `${street}, garaż G${i}`);
  });
  return units;
}

function buildRecipients(rng: Rng, properties: { plan: PropertyPlan; property: DemoProperty }[]): DemoRecipient[] {
  const f = new RecipientFactory(rng);
  const out: DemoRecipient[] = [];
  let municipality: DemoRecipient | null = null;

  for (const { plan, property } of properties) {
    const owners: DemoRecipient[] = [];
    for (const unit of property.units) {
      const home = { street: unit.address, postalCode: postalCodeOf(plan, unit) };
      const key = unit.externalKey;
      if (unit.kind === 'flat') {
        const municipal = plan.kind === 'community' && rng.chance(0.08);
        const cooperativeRental = plan.kind === 'cooperative' && rng.chance(0.04);
        if (municipal || cooperativeRental) {
          if (municipal) {
            municipality ??= { ...MUNICIPALITY, emails: [...MUNICIPALITY.emails], units: [] };
            municipality.units.push({ unitKey: key, role: 'owner' });
          }
          out.push(
            f.forPerson(f.randomPerson(), `${key}-N`, f.address(home, false), [{ unitKey: key, role: 'tenant' }]),
          );
          continue;
        }
        const livesElsewhere = rng.chance(0.1);
        const where = f.address(home, livesElsewhere);
        const firstRole: RecipientUnitRole = plan.kind === 'cooperative' && rng.chance(0.6) ? 'member' : 'owner';
        household(f, rng).forEach((p, i) => {
          const role = i === 0 ? firstRole : 'co_owner';
          const r = f.forPerson(p, `${key}-${i + 1}`, where, [{ unitKey: key, role }]);
          out.push(r);
          if (i === 0) owners.push(r);
        });
        if (livesElsewhere && rng.chance(0.5)) {
          out.push(
            f.forPerson(f.randomPerson(), `${key}-N`, f.address(home, false), [{ unitKey: key, role: 'tenant' }]),
          );
        }
      } else if (unit.kind === 'commercial') {
        const business = f.nextBusiness();
        if (business) out.push(f.forBusiness(business, `${key}-N`, f.address(home, false), key));
        else
          out.push(f.forPerson(f.randomPerson(), `${key}-1`, f.address(home, true), [{ unitKey: key, role: 'owner' }]));
      } else {
        // Garages mostly belong to someone who owns a flat in the same property.
        const owner = owners.length > 0 && rng.chance(0.7) ? rng.pick(owners) : null;
        const role: RecipientUnitRole = plan.kind === 'cooperative' ? 'member' : 'owner';
        if (owner) owner.units.push({ unitKey: key, role });
        else out.push(f.forPerson(f.randomPerson(), `${key}-1`, f.address(home, true), [{ unitKey: key, role }]));
      }
    }
  }
  if (municipality) out.push(municipality);
  return out;
}

function postalCodeOf(plan: PropertyPlan, unit: DemoUnit): string {
  const building = plan.buildings.find((b) => unit.number.startsWith(`${b.street} ${b.no}/`));
  return building?.postalCode ?? plan.postalCode;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const total = options.units ?? DEFAULT_DEMO_UNITS;
  if (!Number.isInteger(total) || total < MIN_DEMO_UNITS || total > MAX_DEMO_UNITS) {
    throw new RangeError(`Liczba lokali musi być liczbą całkowitą od ${MIN_DEMO_UNITS} do ${MAX_DEMO_UNITS}.`);
  }
  if (!Number.isInteger(seed)) throw new RangeError('Ziarno (seed) musi być liczbą całkowitą.');
  const rng = createRng(seed);
  const counts = split(
    total,
    PLAN.map((p) => p.share),
  );
  const built = PLAN.map((plan, i) => ({
    plan,
    property: {
      name: plan.name,
      kind: plan.kind,
      street: plan.street,
      postalCode: plan.postalCode,
      city: CITY,
      nip: nip(rng),
      units: buildUnits(rng, plan, counts[i] as number),
    } satisfies DemoProperty,
  }));
  return {
    positions: DEMO_POSITIONS.map((p) => ({ ...p })),
    properties: built.map((b) => b.property),
    recipients: buildRecipients(rng, built),
  };
}
