import { callable } from '../callable.js';
import { mediaSecrets } from '../config.js';
import type { GetMediaCredentialsResponse } from '../contract/index.js';

export const getMediaCredentials = callable(
  'getMediaCredentials',
  async () => {
    const [{ getMediaCredentialsRequestSchema }, { getMediaCredentials: handle }, { services }] = await Promise.all([
      import('../contract/index.js'),
      import('../handlers/media-credentials.js'),
      import('../services.js'),
    ]);
    return {
      schema: getMediaCredentialsRequestSchema,
      handle: ({ callId }, caller): Promise<GetMediaCredentialsResponse> => handle(services(), callId, caller.uid),
    };
  },
  { secrets: mediaSecrets },
);
