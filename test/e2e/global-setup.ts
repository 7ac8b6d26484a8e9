import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM script without types
import { startDevServer } from '../../scripts/dev-server.mjs';
import { startHostServer, HOST_PORT } from './host-server.js';

/** Ports can be moved (CANDOUR_E2E_PORT) so that two runs on one machine do not collide. */
export const WORKER_PORT = Number(process.env.CANDOUR_E2E_PORT ?? 8797);
const STATE = `.wrangler/e2e-state-${WORKER_PORT}`;

declare module 'vitest' {
  export interface ProvidedContext {
    workerBase: string;
    hostBase: string;
    adminToken: string;
    /** The Worker's local state directory (its D1 lives under `v3/`). */
    workerState: string;
  }
}

/** Starts a fresh Worker (own port, empty local D1) and the host-page server on another origin. */
export default async function setup(project: TestProject) {
  rmSync(STATE, { recursive: true, force: true });
  const { base, child, token } = (await startDevServer({
    port: WORKER_PORT,
    persistTo: STATE,
    build: process.env.CANDOUR_SKIP_BUILD !== '1',
    quiet: true,
    log: () => undefined,
  })) as { base: string; child: ChildProcess; token: string };
  const host = await startHostServer(base);
  // Register the host pages' origin for every demo site, through the admin API.
  const { sites } = (await (
    await fetch(`${base}/v1/admin/sites`, { headers: { Authorization: `Bearer ${token}` } })
  ).json()) as {
    sites: { id: string; settings: { allowedOrigins: string[] } & Record<string, unknown> }[];
  };
  for (const site of sites) {
    const response = await fetch(`${base}/v1/admin/sites/${site.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...site.settings,
        allowedOrigins: [...site.settings.allowedOrigins, `http://127.0.0.1:${HOST_PORT}`],
      }),
    });
    if (!response.ok) throw new Error(`could not register the host origin for ${site.id}: ${await response.text()}`);
  }
  project.provide('workerBase', base);
  project.provide('hostBase', `http://127.0.0.1:${HOST_PORT}`);
  project.provide('adminToken', token);
  project.provide('workerState', STATE);
  return async () => {
    await host.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
