import { formatDate, formatMoney } from '../../../shared/format.js';
import { type DocumentTypeDef, fileSlug, underpaymentIssues } from './document-type.js';
import { drawWaterSettlement } from './water-settlement.layout.js';
import { waterSettlementSample, waterSettlementTemplate } from './water-settlement.sample.js';
import { consumptionByKind, costOf, litres, type MeterRow, m3, price, schema } from './water-settlement.schema.js';

function meterLabel(m: MeterRow): string {
  return `${m.kind} nr ${m.meterNumber}${m.location ? ` (${m.location})` : ''}`;
}

export const waterSettlement: DocumentTypeDef<typeof schema> = {
  type: 'water_settlement',
  label: 'Rozliczenie wody',
  // Members and owners who opted in may get it by e-mail; it is a statement of account, not a change of terms.
  legalStrength: 'notice',
  schema,
  rowsField: 'meters',
  period: (d) => d.periodTo.slice(0, 7),
  title: (d, p) =>
    `Rozliczenie wody za okres ${formatDate(d.periodFrom)}–${formatDate(d.periodTo)}` +
    `${p.unit ? ` — lokal ${p.unit.number}` : ''}`,
  filename: (d, p) =>
    `rozliczenie_wody_${d.periodFrom.slice(0, 7)}_${d.periodTo.slice(0, 7)}` +
    `${p.unit ? `_lokal_${fileSlug(p.unit.number)}` : ''}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    if (d.periodFrom > d.periodTo) {
      issues.push({ path: 'periodTo', message: 'Koniec okresu rozliczenia jest wcześniejszy niż jego początek.' });
    }

    d.meters.forEach((m, i) => {
      const at = `meters.${i}`;
      const row = `Wiersz ${i + 1} (${meterLabel(m)})`;
      if (m.startDate > m.endDate) {
        issues.push({
          path: `${at}.endDate`,
          message: `${row}: data odczytu końcowego jest wcześniejsza niż początkowego.`,
        });
      }
      if (m.endDate < d.periodFrom || m.startDate > d.periodTo) {
        issues.push({ path: `${at}.startDate`, message: `${row}: odczyty są spoza okresu rozliczenia.` });
      }
      const used = litres(m.endReading) - litres(m.startReading);
      if (used < 0) {
        issues.push({
          path: `${at}.endReading`,
          message:
            `${row}: stan końcowy jest mniejszy niż początkowy. Jeśli wodomierz wymieniono, wpisz stary i nowy ` +
            'wodomierz w osobnych wierszach (stary do dnia demontażu, nowy od dnia montażu).',
        });
      } else if (used !== litres(m.consumption)) {
        issues.push({
          path: `${at}.consumption`,
          message:
            `${row}: zużycie powinno wynosić ${m3(litres(m.endReading))} − ${m3(litres(m.startReading))} = ` +
            `${m3(used)} m³, a wpisano ${m3(litres(m.consumption))} m³.`,
        });
      }
      // The two rows of a replacement: same kind and place; the new meter starts the day the old one came off.
      const partnerKind = m.replaced === 'stary' ? 'nowy' : m.replaced === 'nowy' ? 'stary' : null;
      if (partnerKind) {
        const partner = d.meters.some(
          (o) =>
            o.replaced === partnerKind &&
            o.kind === m.kind &&
            (o.location ?? '') === (m.location ?? '') &&
            (partnerKind === 'nowy' ? o.startDate === m.endDate : o.endDate === m.startDate),
        );
        if (!partner) {
          issues.push({
            path: `${at}.replaced`,
            message:
              m.replaced === 'stary'
                ? `${row}: wodomierz oznaczony jako zdjęty nie ma pary — dodaj wiersz nowego wodomierza ` +
                  `(${m.kind}, to samo miejsce) z odczytem początkowym z dnia ${formatDate(m.endDate)}.`
                : `${row}: nowy wodomierz nie ma pary — dodaj wiersz zdjętego wodomierza ` +
                  `(${m.kind}, to samo miejsce) z odczytem końcowym z dnia ${formatDate(m.startDate)}.`,
          });
        }
      }
    });

    const use = consumptionByKind(d.meters);
    const costCheck = (path: string, label: string, l: number, unitPrice: number, given: number) => {
      const expected = costOf(l, unitPrice);
      // A rent system that rounds per meter may differ by a grosz; more than that is a wrong number.
      if (Math.abs(expected - given) > 1) {
        issues.push({
          path,
          message:
            `${label} powinien wynosić ${m3(l)} m³ × ${price(unitPrice)} zł = ${formatMoney(expected)}, ` +
            `a wpisano ${formatMoney(given)}.`,
        });
      }
    };
    costCheck('waterCost', 'Koszt wody', use.total, d.waterPrice, d.waterCost);
    costCheck('sewageCost', 'Koszt ścieków', use.total, d.sewagePrice, d.sewageCost);
    if (use.cw > 0 && (d.heatingPrice === null || d.heatingCost === null)) {
      issues.push({
        path: d.heatingPrice === null ? 'heatingPrice' : 'heatingCost',
        message: 'Są wodomierze ciepłej wody (CW) — podaj koszt podgrzania 1 m³ i koszt podgrzania razem.',
      });
    } else if (d.heatingPrice !== null && d.heatingCost !== null) {
      costCheck('heatingCost', 'Koszt podgrzania wody', use.cw, d.heatingPrice, d.heatingCost);
    }
    const sum = d.waterCost + d.sewageCost + (d.heatingCost ?? 0);
    if (sum !== d.totalCost) {
      issues.push({
        path: 'totalCost',
        message: `Suma kosztów (${formatMoney(sum)}) nie zgadza się z kosztem razem (${formatMoney(d.totalCost)}).`,
      });
    }
    if (d.totalCost - d.advances !== d.balance) {
      issues.push({
        path: 'balance',
        message:
          `Wynik rozliczenia powinien wynosić koszt razem − zaliczki = ${formatMoney(d.totalCost - d.advances)} ` +
          `(dodatni — niedopłata, ujemny — nadpłata), a wpisano ${formatMoney(d.balance)}.`,
      });
    }
    issues.push(...underpaymentIssues(d, p));
    if (!p.unit) issues.push({ path: 'unit', message: 'Rozliczenie wody musi dotyczyć lokalu.' });
    return issues;
  },

  draw: drawWaterSettlement,
  template: waterSettlementTemplate,
  sample: waterSettlementSample,
};
