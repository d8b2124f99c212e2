import { ApiError, errorText } from '../../api.js';
import i18n from '../../app/i18n.js';

/** The server's Polish message, or a plain "try again" when the server could not be reached. */
export function errorMessage(e: unknown): string {
  return errorText(e, i18n.t('settings:errors.network'));
}

/** Field errors of a 400 answer (path → message). */
export function fieldErrors(e: unknown): Record<string, string> {
  return e instanceof ApiError ? e.fields : {};
}
