// Pagination cursors are signed with CURSOR_SECRET so that no one can forge one; without it each process
// makes up its own key, which is safe but breaks cursors across restarts and between replicas.
import fp from 'fastify-plugin';
import { configureCursorKeys, processCursorKey } from '../graph/pagination.js';

export interface CursorKeysOptions {
  secret: string | undefined;
  previousSecret: string | undefined;
}

export const cursorKeysPlugin = fp<CursorKeysOptions>(
  async (app, { secret, previousSecret }) => {
    if (secret) {
      configureCursorKeys({ current: secret, ...(previousSecret ? { previous: previousSecret } : {}) });
    } else {
      configureCursorKeys({ current: processCursorKey });
      app.log.warn(
        'CURSOR_SECRET is unset: pagination cursors are signed with a random key of this process, so they stop working after a restart and on other replicas',
      );
    }
  },
  { name: 'cursor-keys' },
);
