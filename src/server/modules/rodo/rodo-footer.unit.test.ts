import { describe, expect, it } from 'vitest';
import { withFooter } from './rodo-footer.js';

const F = { controller: 'Biuro <b>&</b>', dpo: 'iod@example.pl', infoUrl: 'https://example.pl/rodo' };

describe('withFooter', () => {
  it('changes nothing without a footer', () => {
    expect(withFooter({ html: '<p>a</p>', text: 'a' }, null)).toEqual({ html: '<p>a</p>', text: 'a' });
  });
  it('goes inside a whole HTML document, before </body>, escaped', () => {
    const { html } = withFooter({ html: '<html><body><p>a</p></BODY></html>', text: 'a' }, F);
    expect(html).toMatch(/^<html><body><p>a<\/p><div .*Biuro &lt;b&gt;&amp;&lt;\/b&gt;.*<\/div><\/BODY><\/html>$/);
  });
  it('adds no HTML part to a text-only message; the text gets it after a blank line', () => {
    expect(withFooter({ html: '', text: 'a\n\n' }, F)).toEqual({
      html: '',
      text: 'a\n\n--\nInformacja o przetwarzaniu danych osobowych (RODO)\nAdministrator danych: Biuro <b>&</b>\nInspektor ochrony danych: iod@example.pl\nPełna informacja: https://example.pl/rodo\n',
    });
  });
});
