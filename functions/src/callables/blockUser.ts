import { callable } from '../callable.js';

export const blockUser = callable('blockUser', async () => {
  const [{ blockUserRequestSchema }, { blockUser: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/block-user.js'),
    import('../services.js'),
  ]);
  return { schema: blockUserRequestSchema, handle: (data, caller) => handle(services(), caller.uid, data.uid) };
});
