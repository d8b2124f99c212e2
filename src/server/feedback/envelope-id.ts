/**
 * ENVID (RFC 3461): the transport sends the message's id as the DSN envelope id; a relay's report carries it
 * back as `Original-Envelope-Id` (RFC 3464). nodemailer writes ENVID as xtext (`+XX` for `+`, `=`, and bytes
 * outside 33–126); our ids are UUIDs, which need no escaping, but a report may still carry the xtext form.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** A message id (UUID, any case) as we store it, or null. */
export function messageUuid(value: string | null | undefined): string | null {
  const id = value?.trim().toLowerCase() ?? '';
  return UUID.test(id) ? id : null;
}

/** The message id an Original-Envelope-Id names, or null when it is not one of ours. */
export function readEnvelopeId(value: string | null | undefined): string | null {
  return value ? messageUuid(decodeXtext(value.trim())) : null;
}
