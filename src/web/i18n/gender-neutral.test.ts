import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PAPER_REASON_PL } from '../../server/modules/batches/paper-pack.js';

/** Past-tense verbs that give a person a gender (wybrał / wybrała…); the app speaks of people neutrally. */
const GENDERED =
  /(?<!\p{L})(wybrał|dodał|wyraził|wstrzymał|wysłał|zrobił|nadał|utworzył|zmienił|usunął|usunęła|zapisał|wpisał|zaimportował|zalogował|zgodził|poprosił|zrezygnował|otrzymał|podał|przeczytał|odebrał|zamówił)(a|em|am|eś|aś)?(?!\p{L})/iu;

function strings(value: unknown, at: string, out: [string, string][]) {
  if (typeof value === 'string') out.push([at, value]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

describe('Polish wording is gender-neutral', () => {
  it('no text in the Polish locale or the paper-pack reasons says "wybrał"/"wybrała" and the like', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pl');
    const found: [string, string][] = [];
    for (const file of readdirSync(dir)) {
      strings(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file, found);
    }
    strings(PAPER_REASON_PL, 'paper-pack', found);
    expect(found.filter(([, text]) => GENDERED.test(text))).toEqual([]);
  });
});
