import { applyD1Migrations, env } from 'cloudflare:test';

// Each test file gets a fresh D1: apply the real migrations before anything runs.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
