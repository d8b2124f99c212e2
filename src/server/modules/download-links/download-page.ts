import { formatOfficeDateTime } from '../../lib/dates.js';
import { officeDay } from './download-links.js';
import type { PageState } from './download-links.service.js';

/**
 * The tenant's page behind a download link (D70): server-rendered, Polish, no script, no image, no third-party
 * anything. One small stylesheet inline (the CSP allows inline styles); colours keep at least 4.5:1 contrast.
 */
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:18px;line-height:1.5;color:#1a1a1a;background:#f4f5f7}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border:1px solid #c9ccd1;border-radius:8px;padding:1.25rem 1.25rem 1.5rem;margin-bottom:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
p{margin:.5rem 0}
.file{font-weight:600;word-break:break-word}
.button{display:inline-block;min-height:48px;padding:.7rem 1.4rem;border-radius:6px;border:2px solid #0b4f94;background:#0b4f94;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#0b4f94}
.button:focus-visible,a:focus-visible{outline:3px solid #b35900;outline-offset:2px}
a{color:#0b4f94;text-decoration:underline}
.note{font-size:.95rem;color:#3d4148}
.done{border-left:6px solid #1e6b34;padding-left:.75rem;color:#1e4d2b}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

const contactOf = (s: { senderName: string; contact: string }) =>
  `${esc(s.senderName)}, e-mail: <a href="mailto:${esc(s.contact)}">${esc(s.contact)}</a>`;

const RECORD_NOTE =
  'Pobranie dokumentu i potwierdzenie odbioru odnotowujemy jako dowód doręczenia: czas, skrócony adres sieciowy ' +
  'i rodzaj przeglądarki. Samo otwarcie tej strony nie jest odnotowywane.';

/** The page for a token in any state; `token` is only put into the page's own links when the link works. */
export function renderDownloadPage(state: PageState, token: string): { status: number; html: string } {
  if (state.kind === 'unknown') {
    return {
      status: 404,
      html: layout(
        'Nie znaleziono dokumentu',
        `<div class="card">
<h1>Nie znaleziono dokumentu</h1>
<p>Ten link jest nieprawidłowy albo niepełny. Sprawdź, czy otwierasz cały adres skopiowany z wiadomości e-mail.</p>
<p>Jeśli to nie pomoże, odpowiedz na wiadomość, w której był ten link — nadawca prześle dokument ponownie.</p>
</div>`,
      ),
    };
  }
  const sender = esc(state.senderName);
  if (state.kind === 'expired' || state.kind === 'revoked') {
    const title = state.kind === 'expired' ? 'Ten link wygasł' : 'Ten link nie jest już aktywny';
    const why =
      state.kind === 'expired'
        ? `Link do dokumentu „${esc(state.subject)}” był ważny do ${officeDay(state.expiresAt)}.`
        : `Nadawca unieważnił link do dokumentu „${esc(state.subject)}”.`;
    return {
      status: 410,
      html: layout(
        `${title} — ${state.senderName}`,
        `<div class="card">
<h1>${title}</h1>
<p>${why}</p>
<p>Jeśli potrzebujesz tego dokumentu, skontaktuj się z nadawcą — prześle go ponownie.</p>
<h2>Kontakt</h2>
<p>${contactOf(state)}</p>
</div>`,
      ),
    };
  }
  const ack = state.acknowledgedAt
    ? `<p class="done" role="status">Odbiór potwierdzono ${esc(formatOfficeDateTime(state.acknowledgedAt))}. Dziękujemy.</p>`
    : `<p>Jeśli chcesz, potwierdź, że dokument do Ciebie dotarł. Zapiszemy datę i godzinę potwierdzenia.</p>
<form method="post" action="/d/${esc(token)}/potwierdzam">
<button type="submit" class="button secondary">Potwierdzam odbiór</button>
</form>`;
  return {
    status: 200,
    html: layout(
      `Dokument od: ${state.senderName}`,
      `<div class="card">
<h1>Dokument od: ${sender}</h1>
<p>${sender} przesyła Ci dokument w sprawie: <strong>${esc(state.subject)}</strong>.</p>
<p>Plik: <span class="file">${esc(state.filename)}</span> (PDF, ${sizeText(state.size)})</p>
<p><a class="button" href="/d/${esc(token)}/plik">Pobierz dokument</a></p>
<p class="note">Link jest ważny do ${officeDay(state.expiresAt)}.</p>
</div>
<section class="card" aria-labelledby="potwierdzenie">
<h2 id="potwierdzenie">Potwierdzenie odbioru</h2>
${ack}
</section>
<section class="card" aria-labelledby="kontakt">
<h2 id="kontakt">Kontakt</h2>
<p>Pytania w sprawie dokumentu kieruj do nadawcy: ${contactOf(state)}.</p>
<p class="note">${RECORD_NOTE}</p>
</section>`,
    ),
  };
}
