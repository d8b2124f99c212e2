declare module 'fontkit' {
  /** Parses a TrueType/OpenType font; pdfkit embeds the returned face as a subset. */
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
