<?php
/**
 * Deleting the plugin deletes its one option; visitors' choices live in their own browsers and
 * in the Worker's ledger, not in WordPress.
 *
 * @package Candour
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}
delete_option( 'candour_settings' );
