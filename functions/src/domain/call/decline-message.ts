import { DECLINE_MESSAGE_MAX_LENGTH } from '../../contract/index.js';
import { BeckonError } from '../errors/beckon-error.js';
import { cleanShownText } from '../users/shown-text.js';

/**
 * A decline's message as the caller will read it in the conversation: cleaned as a caller's name is
 * (shown-text.ts), so that it cannot reorder or hide text on the caller's screen. Removed rather
 * than refused, as an app's quick reply may carry a stray invisible character; a message with
 * nothing readable left is refused, as an empty one is.
 */
export function cleanDeclineMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const cleaned = cleanShownText(message, DECLINE_MESSAGE_MAX_LENGTH);
  if (cleaned === undefined) {
    throw new BeckonError('invalid-argument', 'message: must hold something readable', { field: 'message' });
  }
  return cleaned;
}
