/** The local Worker for the benchmark: `wrangler dev` on its own port and its own D1 state. */
import type { ChildProcess } from 'node:child_process';
// @ts-expect-error plain ESM script without types
import { startDevServer } from '../scripts/dev-server.mjs';

export interface DevWorker {
  base: string;
  token: string;
  stop(): Promise<void>;
}

export async function startWorker(options: {
  port: number;
  persistTo: string;
  build: boolean;
  log: (line: string) => void;
}): Promise<DevWorker> {
  const { base, child, token } = (await startDevServer({
    port: options.port,
    persistTo: options.persistTo,
    build: options.build,
    quiet: true,
    log: (line: string) => options.log(`  ${line}`),
  })) as { base: string; child: ChildProcess; token: string };
  return {
    base,
    token,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function admin<T>(worker: DevWorker, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${worker.base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${worker.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Lets the benchmark's host pages use the site, as an admin would (see test/e2e/global-setup.ts). */
export async function allowOrigin(worker: DevWorker, site: string, origin: string): Promise<void> {
  const { sites } = await admin<{ sites: { id: string; settings: { allowedOrigins: string[] } }[] }>(
    worker,
    'GET',
    '/v1/admin/sites',
  );
  const found = sites.find((candidate) => candidate.id === site);
  if (!found) throw new Error(`the seeded Worker has no site ${site}`);
  if (found.settings.allowedOrigins.includes(origin)) return;
  await admin(worker, 'PUT', `/v1/admin/sites/${site}`, {
    ...found.settings,
    allowedOrigins: [...found.settings.allowedOrigins, origin],
  });
}
