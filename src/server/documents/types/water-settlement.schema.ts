import { formatDecimal } from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, decimal, line, money, nrb, opt, paragraph } from '../fields.js';

// The data schema of the water settlement and the exact m³ / cost arithmetic shared by the checks and the PDF.

/** A wrong value gets the field's own message; a missing one is just "required", like every other field. */
const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'To pole jest wymagane.' : message;

const Kind = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.enum(['ZW', 'CW'], { error: unlessMissing('Rodzaj wodomierza: ZW (zimna woda) albo CW (ciepła woda).') }),
);

/** Words clerks and rent systems use for the two meters of a replacement. */
const REPLACEMENT_ALIASES: Record<string, 'stary' | 'nowy'> = {
  stary: 'stary',
  zdjęty: 'stary',
  zdjety: 'stary',
  wymieniony: 'stary',
  old: 'stary',
  nowy: 'nowy',
  zamontowany: 'nowy',
  new: 'nowy',
};
const Replacement = z.preprocess(
  (v) => (typeof v === 'string' ? (REPLACEMENT_ALIASES[v.trim().toLowerCase()] ?? v) : v),
  z.enum(['stary', 'nowy'], {
    error:
      'Wymiana wodomierza: wpisz „stary” (zdjęty przy wymianie) albo „nowy” (zamontowany); puste, gdy bez wymiany.',
  }),
);

const Meter = z.object({
  meterNumber: line(40).describe('Numer fabryczny wodomierza'),
  kind: Kind.describe('Rodzaj wodomierza: ZW — zimna woda, CW — ciepła woda'),
  location: opt(line(60)).describe('Miejsce montażu, np. łazienka, kuchnia'),
  startDate: date().describe('Data odczytu początkowego (przy wymianie — data montażu nowego wodomierza)'),
  startReading: decimal(3).describe('Stan początkowy (m³)'),
  endDate: date().describe('Data odczytu końcowego (przy wymianie — data demontażu starego wodomierza)'),
  endReading: decimal(3).describe('Stan końcowy (m³)'),
  consumption: decimal(3).describe('Zużycie (m³) = stan końcowy − stan początkowy'),
  replaced: opt(Replacement).describe(
    'Wymiana wodomierza w okresie: „stary” — zdjęty (odczyt końcowy z dnia demontażu), „nowy” — zamontowany ' +
      '(odczyt początkowy z dnia montażu); puste, gdy wodomierza nie wymieniano',
  ),
  note: opt(line(120)).describe('Uwagi do wodomierza, np. powód wymiany, numer protokołu'),
});
export type MeterRow = z.output<typeof Meter>;

export const DEFAULT_OVERPAYMENT =
  'Nadpłata zostanie zaliczona na poczet najbliższych opłat za lokal. Na pisemny wniosek złożony w biurze ' +
  'administracji zwrócimy ją na wskazany rachunek bankowy.';

export const schema = z.object({
  number: opt(line(60)).describe('Numer rozliczenia'),
  issueDate: date().describe('Data sporządzenia rozliczenia'),
  place: opt(line(100)).describe('Miejscowość wystawienia'),
  periodFrom: date().describe('Okres rozliczenia od'),
  periodTo: date().describe('Okres rozliczenia do'),
  meters: z
    .array(Meter)
    .min(1, 'Podaj co najmniej jeden wodomierz.')
    .max(40)
    .describe('Wodomierze (wymieniony wodomierz to dwa wiersze: stary i nowy)'),
  waterPrice: decimal(4).describe('Cena wody za 1 m³ (zł brutto)'),
  sewagePrice: decimal(4).describe('Cena odprowadzenia ścieków za 1 m³ (zł brutto)'),
  heatingPrice: opt(decimal(4)).describe('Koszt podgrzania 1 m³ ciepłej wody (zł brutto)'),
  waterCost: money().describe('Koszt wody: całe zużycie (ZW + CW) × cena wody'),
  sewageCost: money().describe('Koszt ścieków: całe zużycie (ZW + CW) × cena ścieków'),
  heatingCost: opt(money()).describe('Koszt podgrzania: zużycie ciepłej wody (CW) × koszt podgrzania 1 m³'),
  totalCost: money().describe('Koszt razem'),
  advances: money().describe('Zaliczki na wodę, ścieki i podgrzanie wody naliczone w okresie'),
  advancesNote: opt(line(120)).describe('Opis zaliczek, np. 12 × 130,00 zł'),
  balance: money().describe('Wynik rozliczenia: koszt razem − zaliczki (dodatni — niedopłata, ujemny — nadpłata)'),
  paymentDeadline: opt(date()).describe('Termin zapłaty niedopłaty'),
  nrb: opt(nrb()).describe('Indywidualny numer rachunku lokalu (NRB)'),
  overpaymentHandling: line(500).default(DEFAULT_OVERPAYMENT).describe('Co stanie się z nadpłatą'),
  notes: opt(paragraph(2000)).describe('Dodatkowe informacje'),
});
export type Data = z.output<typeof schema>;

/** Cubic metres as an exact count of litres (readings have at most 3 decimals). */
export const litres = (m3: number) => Math.round(m3 * 1000);
export const m3 = (l: number) => formatDecimal(l / 1000, 3, 3);
/** Cost in grosze of `l` litres at `price` zł/m³, rounded half up; integer arithmetic only. */
export const costOf = (l: number, price: number) => Math.floor((l * Math.round(price * 10_000) + 50_000) / 100_000);
export const price = (v: number) => formatDecimal(v, 2, 4);

export function consumptionByKind(meters: MeterRow[]) {
  let zw = 0;
  let cw = 0;
  for (const m of meters) {
    if (m.kind === 'ZW') zw += litres(m.consumption);
    else cw += litres(m.consumption);
  }
  return { zw, cw, total: zw + cw };
}
