import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freezeInput } from '../../../test/support/mime.js';
import { frozenBody } from './frozen-body.js';
import { freezeMime } from './mime.js';

const base = freezeInput();

describe('the body of a frozen message', () => {
  it('is its HTML and text parts, Polish letters decoded, attachments left out', async () => {
    const raw = await freezeMime({
      ...base,
      attachments: [
        { filename: 'zawiadomienie.pdf', contentType: 'application/pdf', content: randomBytes(300_000) },
        { filename: 'regulamin.pdf', contentType: 'application/pdf', content: randomBytes(1000) },
      ],
    });
    expect(await frozenBody(raw)).toEqual({ html: base.html, text: base.text });
  });

  it('of a text-only message has no HTML', async () => {
    const raw = await freezeMime({ ...base, html: '' });
    expect(await frozenBody(raw)).toEqual({ html: '', text: base.text });
  });
});
