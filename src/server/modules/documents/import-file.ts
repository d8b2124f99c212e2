import { DocumentItem, type DocumentTypeName } from '../../../shared/documents.js';
import { formatNumber, pluralForm } from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { type FlatItem, itemsFromRows } from '../../documents/flat.js';
import { documentType } from '../../documents/registry.js';
import { RowsRejectedError, ValidationError } from '../../lib/errors.js';
import { DEFAULT_TABLE_LIMITS, type Table } from '../../lib/tabular.js';
import { fileTooBig } from '../../lib/tabular-limits.js';

const JsonItems = z.array(DocumentItem);

/** The list of a JSON file: the file itself, or its "items" (parsed apart, so issue paths start at the item). */
function listOf(json: unknown): unknown {
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'items' in json) return json.items;
  return json;
}

/** The items of a data file: JSON (a list of {recipientKey, data}) or a table (CSV, XLSX) of flat rows. */
export async function itemsFromFile(
  type: DocumentTypeName,
  file: { filename: string; data: Buffer },
  readTable: (data: Buffer, filename: string) => Promise<Table>,
): Promise<FlatItem[]> {
  if (/\.json$/i.test(file.filename)) {
    // JSON.parse builds every object at once: the same bounds as a table, checked before it runs.
    const { maxFileBytes, maxRows } = DEFAULT_TABLE_LIMITS;
    if (file.data.length > maxFileBytes) {
      const message = fileTooBig(file.data.length, DEFAULT_TABLE_LIMITS);
      throw new ValidationError(message, [{ path: 'file', message }]);
    }
    let json: unknown;
    try {
      json = JSON.parse(file.data.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new ValidationError('Plik JSON jest uszkodzony — sprawdź nawiasy i przecinki.', [
        { path: 'file', message: 'Nieprawidłowy JSON.' },
      ]);
    }
    const list = listOf(json);
    if (Array.isArray(list) && list.length > maxRows) {
      const message = `Plik ma więcej niż ${formatNumber(maxRows)} pozycji — podziel go na mniejsze części.`;
      throw new ValidationError(message, [{ path: 'file', message }]);
    }
    const parsed = JsonItems.safeParse(list);
    if (!parsed.success) {
      throw new RowsRejectedError(
        'Plik JSON ma nieprawidłową budowę: oczekiwana lista pozycji {"recipientKey": …, "data": {…}}.',
        parsed.error.issues.map((i) => ({
          line: typeof i.path[0] === 'number' ? i.path[0] + 1 : 1,
          path: i.path.slice(1).join('.') || '(pozycja)',
          message: i.message,
        })),
      );
    }
    return parsed.data.map((it, i) => ({ line: i + 1, recipientKey: it.recipientKey, data: it.data }));
  }
  const table = await readTable(file.data, file.filename);
  const { items, errors } = itemsFromRows(documentType(type), table.headers, table.rows);
  if (errors.length > 0) {
    throw new RowsRejectedError(
      `Nie zaimportowano niczego: plik ma ${errors.length} ${pluralForm(errors.length, ['błąd', 'błędy', 'błędów'])}. Popraw go i wczytaj ponownie.`,
      errors,
    );
  }
  if (items.length === 0) {
    throw new ValidationError('Plik nie zawiera żadnego wiersza z danymi.', [{ path: 'file', message: 'Pusty plik.' }]);
  }
  return items;
}
