import type { TestProject } from 'vitest/node';
import { startHostServer, HOST_PORT } from './host-server.js';
import { startTestWorker } from './test-worker.js';

/** Ports can be moved (CANDOUR_E2E_PORT) so that two runs on one machine do not collide. */
export const WORKER_PORT = Number(process.env.CANDOUR_E2E_PORT ?? 8797);

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
  const worker = await startTestWorker('e2e', WORKER_PORT);
  const host = await startHostServer(worker.base);
  // Register the host pages' origin for every demo site.
  await worker.allowOrigin(`http://127.0.0.1:${HOST_PORT}`);
  project.provide('workerBase', worker.base);
  project.provide('hostBase', `http://127.0.0.1:${HOST_PORT}`);
  project.provide('adminToken', worker.token);
  project.provide('workerState', worker.state);
  return async () => {
    await host.close();
    await worker.stop();
  };
}
