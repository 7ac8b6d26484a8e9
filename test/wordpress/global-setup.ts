import type { TestProject } from 'vitest/node';
import { startTestWorker } from '../e2e/test-worker.js';
import { missingParts, PACKAGES, startWordPress } from './wordpress-server.js';

/** Ports of their own, so that this suite and the e2e one can run side by side. */
const WORKER_PORT = Number(process.env.CANDOUR_WP_WORKER_PORT ?? 8798);
const WORDPRESS_PORT = Number(process.env.CANDOUR_WP_PORT ?? 8799);
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

  const worker = await startTestWorker('wordpress', WORKER_PORT);
  const { base, token } = worker;
  let wordpress: Awaited<ReturnType<typeof startWordPress>> | undefined;
  try {
    wordpress = await startWordPress(WORDPRESS_PORT, {
      candour: 'integrations/wordpress/candour',
      'site-kit-like': 'test/wordpress/fixtures/site-kit-like',
    });
    // The WordPress site's origin must be registered with the Worker, as deploy.md says.
    await worker.allowOrigin(wordpress.base, [SITE]);

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
      await worker.stop();
    };
  } catch (error) {
    await wordpress?.close();
    await worker.stop();
    throw error;
  }
}
