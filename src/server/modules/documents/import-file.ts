import { DocumentItem, type DocumentTypeName } from '../../../shared/documents.js';
import { pluralForm } from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { type FlatItem, itemsFromRows } from '../../documents/flat.js';
import { documentType } from '../../documents/registry.js';
import { RowsRejectedError, ValidationError } from '../../lib/errors.js';
import type { Table } from '../../lib/tabular.js';

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
    let json: unknown;
    try {
      json = JSON.parse(file.data.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new ValidationError('Plik JSON jest uszkodzony — sprawdź nawiasy i przecinki.', [
        { path: 'file', message: 'Nieprawidłowy JSON.' },
      ]);
    }
    const parsed = JsonItems.safeParse(listOf(json));
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
