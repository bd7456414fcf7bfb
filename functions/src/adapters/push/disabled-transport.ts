import type { PushTransport } from './push-transport.js';

/** Push switched off: invitations are still persisted and confirmed, and record why nothing was pushed. */
export const disabledTransport: PushTransport = {
  name: 'disabled',
  send: async (pushes) => pushes.map(() => ({ ok: false, errorCode: 'beckon/push-disabled' })),
};
