/**
 * Word lists for the demo data: Polish first names by gender, surnames in their masculine form (the feminine
 * form is derived by `surnameFor`), streets and towns for correspondence addresses elsewhere.
 */

export type Gender = 'm' | 'f';

export const MALE_FIRST_NAMES = [
  'Adam',
  'Andrzej',
  'Bartłomiej',
  'Grzegorz',
  'Jakub',
  'Jan',
  'Jędrzej',
  'Józef',
  'Kazimierz',
  'Krzysztof',
  'Łukasz',
  'Maciej',
  'Marek',
  'Michał',
  'Mieczysław',
  'Mikołaj',
  'Paweł',
  'Piotr',
  'Przemysław',
  'Radosław',
  'Stanisław',
  'Tadeusz',
  'Tomasz',
  'Wojciech',
  'Zbigniew',
  'Zdzisław',
] as const;

export const FEMALE_FIRST_NAMES = [
  'Agnieszka',
  'Aleksandra',
  'Anna',
  'Barbara',
  'Bożena',
  'Danuta',
  'Elżbieta',
  'Ewa',
  'Grażyna',
  'Halina',
  'Jadwiga',
  'Joanna',
  'Katarzyna',
  'Krystyna',
  'Magdalena',
  'Małgorzata',
  'Renata',
  'Stanisława',
  'Urszula',
  'Wiesława',
  'Zofia',
  'Żaneta',
  'Łucja',
] as const;

/** Masculine forms; adjectival surnames (-ski, -cki, -dzki) change in the feminine, the rest do not. */
export const SURNAMES = [
  'Nowak',
  'Kowalski',
  'Wiśniewski',
  'Wójcik',
  'Kowalczyk',
  'Kamiński',
  'Lewandowski',
  'Zieliński',
  'Szymański',
  'Woźniak',
  'Dąbrowski',
  'Kozłowski',
  'Jankowski',
  'Mazur',
  'Kwiatkowski',
  'Krawczyk',
  'Piotrowski',
  'Grabowski',
  'Nowakowski',
  'Pawłowski',
  'Michalski',
  'Król',
  'Wieczorek',
  'Jabłoński',
  'Wróbel',
  'Majewski',
  'Olszewski',
  'Stępień',
  'Jaworski',
  'Malinowski',
  'Górski',
  'Rutkowski',
  'Sikora',
  'Walczak',
  'Baran',
  'Łukasik',
  'Żak',
  'Ślusarczyk',
  'Sadowski',
  'Zawadzki',
  'Czarnecki',
  'Sobczak',
] as const;

const ADJECTIVAL = /(sk|ck|dzk)i$/;

/** The surname in the form for the given gender: Kowalski → Kowalska, Zawadzki → Zawadzka, Nowak → Nowak. */
export function surnameFor(masculine: string, gender: Gender): string {
  return gender === 'f' && ADJECTIVAL.test(masculine) ? `${masculine.slice(0, -1)}a` : masculine;
}

/** Towns for owners who live elsewhere in Poland (postal code of a central street in each). */
export const POLISH_TOWNS = [
  { city: 'Warszawa', postalCode: '02-495', streets: ['ul. Grójecka', 'ul. Puławska', 'al. Jana Pawła II'] },
  { city: 'Kraków', postalCode: '31-128', streets: ['ul. Karmelicka', 'ul. Długa', 'os. Złotego Wieku'] },
  { city: 'Gdańsk', postalCode: '80-264', streets: ['ul. Grunwaldzka', 'ul. Świętokrzyska', 'ul. Łąkowa'] },
  { city: 'Wrocław', postalCode: '54-203', streets: ['ul. Legnicka', 'ul. Ślężna', 'ul. Żmigrodzka'] },
  { city: 'Poznań', postalCode: '61-163', streets: ['os. Piastowskie', 'ul. Głogowska', 'ul. Dąbrowskiego'] },
  { city: 'Zgierz', postalCode: '95-100', streets: ['ul. Łęczycka', 'ul. Piątkowska'] },
  { city: 'Pabianice', postalCode: '95-200', streets: ['ul. Zamkowa', 'ul. Żeromskiego'] },
] as const;

/** Addresses abroad: the street in the local style, the local postal code. */
export const FOREIGN_ADDRESSES = [
  { country: 'DE', city: 'Berlin', postalCode: '10115', street: 'Invalidenstraße' },
  { country: 'DE', city: 'Hamburg', postalCode: '20095', street: 'Mönckebergstraße' },
  { country: 'NL', city: 'Rotterdam', postalCode: '3011 AD', street: 'Hoogstraat' },
  { country: 'IE', city: 'Dublin', postalCode: 'D01 F5P2', street: 'Parnell Street' },
] as const;

/** Businesses renting commercial units (lokale użytkowe), with the local part of their e-mail address. */
export const BUSINESSES = [
  { name: 'Apteka „Pod Słońcem” sp. z o.o.', mailbox: 'apteka.podsloncem' },
  { name: 'Piekarnia „Kłos” s.c.', mailbox: 'piekarnia.klos' },
  { name: 'Zakład Fryzjerski Bożena Wróbel', mailbox: 'fryzjer.wrobel' },
  { name: 'Kwiaciarnia „Róża” Żaneta Sikora', mailbox: 'kwiaciarnia.roza' },
  { name: 'Sklep spożywczy „Groszek” Łukasz Żak', mailbox: 'sklep.groszek' },
  { name: 'Gabinet Stomatologiczny lek. dent. Małgorzata Górska', mailbox: 'stomatolog.gorska' },
  { name: 'Biuro Rachunkowe „Saldo” sp. z o.o.', mailbox: 'biuro.saldo' },
  { name: 'Pracownia Krawiecka Józef Stępień', mailbox: 'krawiec.stepien' },
  { name: 'Punkt Napraw Obuwia Zdzisław Król', mailbox: 'szewc.krol' },
  { name: 'Fundacja „Zielony Dziedziniec”', mailbox: 'fundacja.zielonydziedziniec' },
  { name: 'Pizzeria „Łódka” sp. z o.o.', mailbox: 'pizzeria.lodka' },
  { name: 'Księgarnia „Pod Żurawiem” Jędrzej Kozłowski', mailbox: 'ksiegarnia.podzurawiem' },
  { name: 'Salon Optyczny „Soczewka” s.c.', mailbox: 'optyk.soczewka' },
  { name: 'Pracownia Zegarmistrzowska Mieczysław Górski', mailbox: 'zegarmistrz.gorski' },
  { name: 'Przedszkole Niepubliczne „Pszczółka”', mailbox: 'przedszkole.pszczolka' },
] as const;

export const EMAIL_DOMAINS = ['example.pl', 'example.com', 'example.org'] as const;

/** The town of the demo properties. */
export const DEMO_CITY = 'Łódź';
