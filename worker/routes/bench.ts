import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';

/**
 * A bare route for `npm run bench`: the same Worker, middleware and runtime as the real routes,
 * but no D1 and no signing, so the benchmark can show what the platform alone costs. Local
 * development only (CANDOUR_DEMO = "on"); a deployment answers 404.
 */
export const bench = new Hono<AppEnv>().get('/bare', (c) => {
  if (c.env.CANDOUR_DEMO !== 'on') fail(404, 'not_found', 'There is nothing at this address.');
  return c.json({ ok: true });
});
