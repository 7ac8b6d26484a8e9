import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM script without types
import { startDevServer } from '../../scripts/dev-server.mjs';
import { missingParts, PACKAGES, startWordPress } from './wordpress-server.js';

/** Ports of their own, so that this suite and the e2e one can run side by side. */
const WORKER_PORT = Number(process.env.CANDOUR_WP_WORKER_PORT ?? 8798);
const WORDPRESS_PORT = Number(process.env.CANDOUR_WP_PORT ?? 8799);
const STATE = `.wrangler/wordpress-state-${WORKER_PORT}`;
export const SITE = 'harmony-minds';

declare module 'vitest' {
  export interface ProvidedContext {
    wordpressSkip: string;
    wordpressBase: string;
    wordpressDir: string;
    wordpressWorker: string;
    wordpressAdminToken: string;
  }
}

export default async function setup(project: TestProject) {
  const missing = missingParts();
  if (missing) {
    const how = `apt-get install -y ${PACKAGES} (missing: ${missing})`;
    if (process.env.CI === 'true') throw new Error(`The WordPress tests must run under CI=true: ${how}`);
    console.log(`WordPress tests skipped: ${how}; they run under CI=true.`);
    project.provide('wordpressSkip', missing);
    return;
  }
  project.provide('wordpressSkip', '');

  rmSync(STATE, { recursive: true, force: true });
  const { base, child, token } = (await startDevServer({
    port: WORKER_PORT,
    persistTo: STATE,
    build: process.env.CANDOUR_SKIP_BUILD !== '1',
    quiet: true,
    log: () => undefined,
  })) as { base: string; child: ChildProcess; token: string };
  const stopWorker = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  let wordpress: Awaited<ReturnType<typeof startWordPress>> | undefined;
  try {
    wordpress = await startWordPress(WORDPRESS_PORT, {
      candour: 'integrations/wordpress/candour',
      'site-kit-like': 'test/wordpress/fixtures/site-kit-like',
    });
    // The WordPress site's origin must be registered with the Worker, as deploy.md says.
    // The first request after WordPress's start can meet a worker still (re)starting: retried
    // on a dropped connection only, never on an answer.
    let listed: Response | undefined;
    for (let attempt = 1; !listed; attempt += 1) {
      try {
        listed = await fetch(`${base}/v1/admin/sites`, { headers: { Authorization: `Bearer ${token}` } });
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
    const { sites } = (await listed.json()) as {
      sites: { id: string; settings: { allowedOrigins: string[] } & Record<string, unknown> }[];
    };
    const current = sites.find((site) => site.id === SITE)!.settings;
    const registered = await fetch(`${base}/v1/admin/sites/${SITE}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...current, allowedOrigins: [...current.allowedOrigins, wordpress.base] }),
    });
    if (!registered.ok) throw new Error(`could not register ${wordpress.base}: ${await registered.text()}`);

    // What a webmaster does once: activate the plugins, enter the Worker's address and the site
    // id (the settings screen itself is tested through the browser), publish a page with the
    // "Cookie settings" block and the shortcode, and make it the front page.
    const out = wordpress.php(`
foreach ( array( 'candour/candour.php', 'site-kit-like/site-kit-like.php' ) as $plugin ) {
  $result = activate_plugin( $plugin );
  if ( is_wp_error( $result ) ) { echo 'activation failed: ' . $result->get_error_message(); exit( 1 ); }
}
update_option( 'candour_settings', array( 'worker' => '${base}', 'site' => '${SITE}', 'drop_emoji' => true ) );
$page = wp_insert_post( array(
  'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Welcome to Riverside Clinic',
  'post_content' => "<!-- wp:paragraph --><p>Book an appointment.</p><!-- /wp:paragraph -->\\n<!-- wp:candour/cookie-settings /-->\\n<!-- wp:paragraph --><p>[candour_cookie_settings label=\\"Change your cookie choices\\"]</p><!-- /wp:paragraph -->",
) );
wp_insert_post( array(
  'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'How we use your information', 'post_name' => 'notice',
  'post_content' => "<!-- wp:shortcode -->[candour_notice]<!-- /wp:shortcode -->",
) );
wp_insert_user( array( 'user_login' => 'reader', 'user_pass' => 'password', 'user_email' => 'reader@example.org', 'role' => 'subscriber' ) );
update_option( 'show_on_front', 'page' );
update_option( 'page_on_front', $page );
echo 'ready';`);
    if (!out.endsWith('ready')) throw new Error(`WordPress setup: ${out}`);

    project.provide('wordpressBase', wordpress.base);
    project.provide('wordpressDir', wordpress.dir);
    project.provide('wordpressWorker', base);
    project.provide('wordpressAdminToken', token);
    const started = wordpress;
    return async () => {
      await started.close();
      await stopWorker();
    };
  } catch (error) {
    await wordpress?.close();
    await stopWorker();
    throw error;
  }
}
