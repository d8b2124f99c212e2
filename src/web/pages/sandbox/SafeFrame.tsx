/**
 * A message's HTML shown safely: a sandboxed iframe (no scripts, no forms, no access to the app) with a content
 * policy that blocks every remote request (tracking pixels, external styles); inline styles and data: images stay.
 */
const POLICY =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data: cid:; style-src \'unsafe-inline\'; font-src data:">';

export function safeDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">${POLICY}<base target="_blank"></head><body>${html}</body></html>`;
}

export function SafeFrame(props: { html: string; title: string; height?: number }) {
  return (
    <iframe
      title={props.title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={safeDocument(props.html)}
      style={{
        width: '100%',
        height: props.height ?? 420,
        border: '1px solid var(--mantine-color-gray-4)',
        background: '#fff',
      }}
    />
  );
}
