import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
// @ts-expect-error plain ESM script without types
import { startDevServer } from '../../scripts/dev-server.mjs';

/** A Worker under test: wrangler dev on its own port, with a local D1 of its own. */
export interface TestWorker {
  base: string;
  token: string;
  /** Its state directory (the local D1 lives under `v3/`). */
  state: string;
  /** Registers `origin` with the seeded sites (every one, or those named), through the admin API. */
  allowOrigin(origin: string, sites?: string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a fresh Worker for a test suite (the browser suite, the WordPress suite): empty state
 * under `.wrangler/<suite>-state-<port>`, the five organisations seeded, quiet.
 */
export async function startTestWorker(suite: string, port: number): Promise<TestWorker> {
  const state = `.wrangler/${suite}-state-${port}`;
  rmSync(state, { recursive: true, force: true });
  const { base, child, token } = (await startDevServer({
    port,
    persistTo: state,
    build: process.env.CANDOUR_SKIP_BUILD !== '1',
    quiet: true,
    log: () => undefined,
  })) as { base: string; child: ChildProcess; token: string };
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

  async function allowOrigin(origin: string, only?: string[]): Promise<void> {
    // The first admin request can meet a worker still (re)starting (a clean-clone CI run once
    // did): retried on a dropped connection only, never on an answer.
    let listed: Response | undefined;
    for (let attempt = 1; !listed; attempt += 1) {
      try {
        listed = await fetch(`${base}/v1/admin/sites`, { headers });
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
    const { sites } = (await listed.json()) as {
      sites: { id: string; settings: { allowedOrigins: string[] } & Record<string, unknown> }[];
    };
    for (const site of sites.filter(({ id }) => !only || only.includes(id))) {
      const response = await fetch(`${base}/v1/admin/sites/${site.id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ ...site.settings, allowedOrigins: [...site.settings.allowedOrigins, origin] }),
      });
      if (!response.ok) throw new Error(`could not register ${origin} for ${site.id}: ${await response.text()}`);
    }
  }

  async function stop(): Promise<void> {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }

  return { base, token, state, allowOrigin, stop };
}
