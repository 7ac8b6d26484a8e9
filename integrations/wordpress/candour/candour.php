<?php
/**
 * Plugin Name:       Candour cookie consent
 * Description:       Puts the Candour consent banner first in every page's head, holds back known analytics and marketing tags until the visitor allows them, and adds a "Cookie settings" block and shortcode.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Candour
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       candour
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'CANDOUR_PLUGIN_DIR', __DIR__ );
define( 'CANDOUR_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/options.php';
require_once __DIR__ . '/includes/catalogue.php';
require_once __DIR__ . '/includes/embed.php';
require_once __DIR__ . '/includes/cookie-settings.php';
require_once __DIR__ . '/includes/privacy-page.php';
require_once __DIR__ . '/includes/notice.php';

register_activation_hook( __FILE__, 'candour_activate' );

if ( is_admin() ) {
	require_once __DIR__ . '/includes/settings-page.php';
}
