/** Shortest password accepted; the server also refuses ones that are easy to guess. */
// Kept apart from the zod schemas: the password-strength worker thread imports it without loading zod.
export const PASSWORD_MIN_LENGTH = 12;
