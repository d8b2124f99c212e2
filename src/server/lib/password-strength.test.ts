import { describe, expect, it } from 'vitest';
import { JUDGED_LENGTH, judgePassword, passwordInputs, stripDiacritics } from './password-strength.js';

// The user of every case: Anna Kowalska, login "anna", on the installation at https://sloneczna.example.pl.
const anna = passwordInputs(['anna', 'Anna Kowalska', 'anna.kowalska@example.pl', 'https://sloneczna.example.pl']);
const message = (password: string) => {
  const verdict = judgePassword(password, anna);
  return verdict.ok ? null : verdict.message;
};

describe('password strength', () => {
  it.each([
    ['a common password with digits', 'qwertyuiop123', /często używanego hasła/],
    ['a Polish word and digits, without diacritics', 'haslo1234567', /często używanego hasła/],
    ['a Polish word and a year', 'Warszawa2024!', /„Warszawa” to popularne słowo/],
    ['a Polish word typed with diacritics', 'Poniedziałek1!', /„Poniedziałek” to popularne słowo/],
    ['a common Polish word', 'Kochanie-123', /„Kochanie” to popularne słowo/],
    ['the name of the program', 'Listonosz-2026!', /zawiera login, imię, nazwisko, adres e-mail albo nazwę programu/],
    ['an office word', 'Spółdzielnia2024', /zawiera login, imię, nazwisko/],
    ['the user’s own name and a year', 'AnnaKowalska1987', /zawiera login, imię, nazwisko/],
    ['the user’s name with dots', 'anna.kowalska1', /zbyt łatwe/],
    ['the installation’s address', 'Sloneczna-2026!', /zawiera login, imię, nazwisko/],
    ['one repeated character', 'aaaaaaaaaaaaaaaa', /Powtarzające się znaki/i],
    ['digits in a row', '12345678901234', /zbyt łatwe/],
  ])('refuses %s (%s) and says why and what to do', (_, password, why) => {
    const text = message(password);
    expect(text).toMatch(/^Hasło jest zbyt łatwe do odgadnięcia: /);
    expect(text).toMatch(why);
    expect(text).toMatch(/Użyj co najmniej 12 znaków/);
  });

  it.each([
    'Hasło-testowe-123',
    'Tajne-haslo-2026',
    'Haslo-ksiegowej-1',
    'Nowe-haslo-456',
    'Zupełnie-nowe-hasło-9',
    'Hasło-benchmarku-1',
    'Nowy-kot-na-parapecie-7',
    'kot-pies-dom-las',
    'correct horse battery staple',
    'x7#Kq9!mPz2w',
  ])('accepts %s', (password) => {
    expect(judgePassword(password, anna)).toEqual({ ok: true });
  });

  it('counts the user’s own words against the password, also without diacritics', () => {
    const zofia = passwordInputs(['zofia', 'Zofia Źdźbło-Wąsik', null]);
    expect(zofia).toEqual(expect.arrayContaining(['zofia', 'zdzblo', 'wasik', 'zofiazdzblowasik', 'listonosz']));
    expect(judgePassword('ZdzbloWasik2024', zofia)).toMatchObject({ ok: false, message: /zawiera login, imię/ });
    expect(judgePassword('ŹdźbłoWąsik2024', zofia).ok).toBe(false);
    expect(judgePassword('ZdzbloWasik2024', anna).ok).toBe(true);
  });

  it('strips diacritics but keeps case', () => {
    expect(stripDiacritics('Zażółć GĘŚLĄ jaźń Łódź')).toBe('Zazolc GESLA jazn Lodz');
  });

  it(`judges only the first ${JUDGED_LENGTH} characters, in bounded time even for inputs that are slow to analyse`, () => {
    // Digits and symbols that each stand for letters ("l33t") made the library default take seconds at this length.
    for (const password of ['1234567890'.repeat(20), '4@1!|3$0+7(<[{%'.repeat(14), 'p4$$w0rd'.repeat(25)]) {
      const started = performance.now();
      judgePassword(password, anna);
      // Tens of milliseconds on an idle machine; the margin is for a loaded test machine.
      expect(performance.now() - started).toBeLessThan(3000);
    }
    expect(judgePassword(`${'a'.repeat(JUDGED_LENGTH)}x7#Kq9!mPz2w`, anna).ok).toBe(false);
  });
});
