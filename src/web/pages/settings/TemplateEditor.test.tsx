// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { DocumentTypeInfo } from '../../../shared/documents.js';
import type { PreviewInput } from '../../../shared/templates.js';
import { TemplateEditor } from './TemplatesTab.js';
import { type Call, fakeFetch } from './testing.js';

const type: DocumentTypeInfo = {
  type: 'fee_notice',
  label: 'Zawiadomienie o opłatach',
  legalStrength: 'notice',
  rowsField: null,
  variables: [
    { path: 'recipient.name', description: 'Nazwisko i imię adresata', format: 'text' },
    { path: 'document.total', description: 'Łączna kwota', format: 'money' },
  ],
  columns: [],
  dataColumns: [],
};

const effective = {
  documentType: 'fee_notice',
  accountId: null,
  source: 'built_in',
  template: { subject: 'Opłaty za {{ document.period }}', html: '<p>Dzień dobry</p>', text: '' },
  updatedAt: null,
};

/** The preview answers like the server: an unknown variable is a problem, the rest is rendered. */
function previewOf(call: Call) {
  const input = call.body as PreviewInput;
  const problems = input.template.subject.includes('nieznana')
    ? [{ path: 'subject', message: 'Nieznana zmienna „nieznana” — wybierz zmienną z listy.' }]
    : [];
  return {
    subject: input.template.subject.replace(/\{\{.*?\}\}/g, 'X'),
    html: input.template.html,
    text: '',
    problems,
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('template editor', () => {
  it('previews the edited text (not the stored one) and shows the problems the preview reports', async () => {
    const calls = fakeFetch({
      'GET /api/templates/fee_notice': () => effective,
      'GET /api/templates/filters': () => [
        { name: 'kwota', description: 'Kwota w złotych', example: '{{ x | kwota }}' },
      ],
      'POST /api/templates/preview': previewOf,
    });
    renderWeb(<TemplateEditor type={type} accountId={null} />);
    const subject = (await screen.findByLabelText('Temat')) as HTMLInputElement;
    expect(screen.getByTestId('template-source').textContent).toBe('wbudowany szablon programu');

    fireEvent.change(subject, { target: { value: 'Opłaty {{ nieznana }}' } });
    await waitFor(
      () =>
        expect(
          calls.some(
            (c) =>
              c.method === 'POST' &&
              c.url === '/api/templates/preview' &&
              (c.body as PreviewInput).template.subject === 'Opłaty {{ nieznana }}',
          ),
        ).toBe(true),
      { timeout: 3000 },
    );
    const preview = calls.filter((c) => c.url === '/api/templates/preview').at(-1)!.body as PreviewInput;
    expect(preview.documentType).toBe('fee_notice');
    expect(preview.template.html).toBe('<p>Dzień dobry</p>');
    expect(await screen.findByText(/Nieznana zmienna „nieznana”/, {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByTestId('preview-problems')).toBeTruthy();
  });

  it('inserts a clicked variable into the focused field and shows the save errors by field', async () => {
    const calls = fakeFetch({
      'GET /api/templates/fee_notice': () => effective,
      'GET /api/templates/filters': () => [],
      'POST /api/templates/preview': previewOf,
      'PUT /api/templates/fee_notice': () => ({
        __status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: 'Szablon zawiera błędy.',
            fields: [{ path: 'html', message: 'Niedomknięty znacznik {{ w treści.' }],
          },
        },
      }),
    });
    renderWeb(<TemplateEditor type={type} accountId={null} />);
    const html = (await screen.findByLabelText('Treść HTML')) as HTMLTextAreaElement;
    fireEvent.focus(html);
    html.setSelectionRange(html.value.length, html.value.length);
    fireEvent.click(screen.getByRole('button', { name: /^Wstaw:\s*document\.total/ }));
    await waitFor(() => expect(html.value).toBe('<p>Dzień dobry</p>{{ document.total | kwota }}'));

    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await screen.findByText('Niedomknięty znacznik {{ w treści.');
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ subject: effective.template.subject, html: html.value, text: '' });
  });
});
