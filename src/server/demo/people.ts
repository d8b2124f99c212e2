import { foldForSearch } from '../lib/text.js';
import type { DemoPerson, DemoRecipient } from './demo-data.js';
import {
  BUSINESSES,
  DEMO_CITY,
  EMAIL_DOMAINS,
  FEMALE_FIRST_NAMES,
  FOREIGN_ADDRESSES,
  type Gender,
  MALE_FIRST_NAMES,
  POLISH_TOWNS,
  SURNAMES,
  surnameFor,
} from './names.js';
import type { Rng } from './random.js';

/** Builds the recipients; keeps the e-mail addresses unique across the whole data set. */
export class RecipientFactory {
  private readonly usedEmails = new Set<string>();
  private businessIndex = 0;

  constructor(private readonly rng: Rng) {}

  person(gender: Gender, masculineSurname: string, lastName = surnameFor(masculineSurname, gender)): DemoPerson {
    const firstName = this.rng.pick(gender === 'm' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
    return { firstName, lastName, gender };
  }

  randomPerson(): DemoPerson {
    return this.person(this.rng.chance(0.5) ? 'm' : 'f', this.rng.pick(SURNAMES));
  }

  nextBusiness(): (typeof BUSINESSES)[number] | null {
    return BUSINESSES[this.businessIndex++] ?? null;
  }

  private unique(local: string, domain: string): string {
    let address = `${local}@${domain}`;
    for (let n = 2; this.usedEmails.has(address); n++) address = `${local}${n}@${domain}`;
    this.usedEmails.add(address);
    return address;
  }

  private ascii(value: string): string {
    return foldForSearch(value)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  }

  private personEmail(p: DemoPerson): string {
    const f = this.ascii(p.firstName);
    const l = this.ascii(p.lastName);
    const local = this.rng.pick([
      `${f}.${l}`,
      `${f}.${l}`,
      `${f}${l}`,
      `${f[0]}.${l}`,
      `${l}.${f}`,
      `${f}.${l}${this.rng.int(60, 99)}`,
    ]);
    return this.unique(local, this.rng.pick(EMAIL_DOMAINS));
  }

  private consent(): { date: string; source: string } {
    const day = new Date(Date.UTC(2024, 0, 2) + this.rng.int(0, 910) * 86_400_000);
    const iso = day.toISOString().slice(0, 10);
    const [y, m, d] = iso.split('-');
    const r = this.rng.next();
    const source =
      r < 0.5
        ? `oświadczenie z ${d}.${m}.${y}`
        : r < 0.85
          ? `wniosek e-BOK nr ${this.rng.int(1, 480)}/${y}`
          : `formularz zgody złożony w biurze administracji ${d}.${m}.${y}`;
    return { date: iso, source };
  }

  /** ~70 % e-mail with consent, a few e-mail without consent, the rest paper (some with an address on file). */
  private delivery(emailOf: () => string): Pick<DemoRecipient, 'channel' | 'consent' | 'emails'> {
    const r = this.rng.next();
    if (r < 0.7) {
      const emails = [emailOf()];
      if (this.rng.chance(0.06)) emails.push(emailOf());
      return { channel: 'email', consent: this.consent(), emails };
    }
    if (r < 0.74) return { channel: 'email', consent: null, emails: [emailOf()] };
    return { channel: 'paper', consent: null, emails: this.rng.chance(0.12) ? [emailOf()] : [] };
  }

  /** Where the correspondence goes: usually the unit, sometimes elsewhere in Poland or abroad. */
  address(home: { street: string; postalCode: string }, elsewhere: boolean) {
    if (!elsewhere) return { street: home.street, postalCode: home.postalCode, city: DEMO_CITY, country: 'PL' };
    if (this.rng.chance(0.2)) {
      const a = this.rng.pick(FOREIGN_ADDRESSES);
      return {
        street: `${a.street} ${this.rng.int(1, 120)}`,
        postalCode: a.postalCode,
        city: a.city,
        country: a.country,
      };
    }
    const t = this.rng.pick(POLISH_TOWNS);
    const flat = this.rng.chance(0.7) ? `/${this.rng.int(1, 60)}` : '';
    const street = `${this.rng.pick(t.streets)} ${this.rng.int(1, 150)}${flat}`;
    return { street, postalCode: t.postalCode, city: t.city, country: 'PL' };
  }

  forPerson(
    p: DemoPerson,
    externalKey: string,
    where: ReturnType<RecipientFactory['address']>,
    units: DemoRecipient['units'],
  ): DemoRecipient {
    return {
      name: `${p.firstName} ${p.lastName}`,
      ...where,
      ...this.delivery(() => this.personEmail(p)),
      externalKey,
      units,
      person: p,
    };
  }

  forBusiness(
    business: { name: string; mailbox: string },
    externalKey: string,
    where: ReturnType<RecipientFactory['address']>,
    unitKey: string,
  ) {
    const emailOf = () => this.unique(business.mailbox, this.rng.pick(EMAIL_DOMAINS));
    const recipient: DemoRecipient = {
      name: business.name,
      ...where,
      ...this.delivery(emailOf),
      externalKey,
      units: [{ unitKey, role: 'tenant' }],
      person: null,
    };
    return recipient;
  }
}

/** The people of one household owning a flat: one person, a married couple, or two co-owners. */
export function household(f: RecipientFactory, rng: Rng): DemoPerson[] {
  const surname = rng.pick(SURNAMES);
  const r = rng.next();
  if (r < 0.42) return [f.person(rng.chance(0.5) ? 'm' : 'f', surname)];
  if (r < 0.82) return [f.person('m', surname), f.person('f', surname)];
  if (r < 0.9) {
    const maiden = surnameFor(rng.pick(SURNAMES), 'f');
    return [f.person('m', surname), f.person('f', surname, `${maiden}-${surnameFor(surname, 'f')}`)];
  }
  return [f.randomPerson(), f.randomPerson()];
}
