import { type AttachmentStream, MailParser, type MessageText } from 'mailparser';

/** What a frozen message shows its reader: its HTML part ('' when it has none) and its text part. */
export interface FrozenBody {
  html: string;
  text: string;
}

/**
 * The parts of a frozen message as the recipient's mail program shows them: the RODO footer, the signed links and
 * the PDF password hints that composing added are in them, unlike the draft's body. Attachments are read through
 * and dropped, never held in memory; no link or HTML conversion is done. Only our own frozen bytes are read here.
 */
export async function frozenBody(raw: Buffer): Promise<FrozenBody> {
  const parser = new MailParser({
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const body: FrozenBody = { html: '', text: '' };
  parser.end(raw);
  for await (const part of parser as AsyncIterable<AttachmentStream | MessageText>) {
    if (part.type === 'attachment') {
      part.content.on('end', () => part.release?.());
      part.content.resume();
    } else {
      body.html = typeof part.html === 'string' ? part.html : '';
      // A single-part message ends with the line break that closes its MIME; it is not the text's.
      body.text = (part.text ?? '').replace(/(\r?\n)+$/, '');
    }
  }
  return body;
}
