import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { jwksFor } from '../keys.js';

export const wellKnown = new Hono<AppEnv>().get('/jwks.json', async (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  c.header('Access-Control-Allow-Origin', '*');
  return c.json(await jwksFor(c.env));
});
