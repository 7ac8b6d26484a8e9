<?php
/**
 * The plugin's one option, `candour_settings`, and the rules its values must meet.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The stored settings, with defaults for anything missing.
 *
 * @return array{worker: string, site: string, drop_emoji: bool}
 */
function candour_settings() {
	$stored = get_option( 'candour_settings', array() );
	if ( ! is_array( $stored ) ) {
		$stored = array();
	}
	return array(
		'worker'     => isset( $stored['worker'] ) && is_string( $stored['worker'] ) ? $stored['worker'] : '',
		'site'       => isset( $stored['site'] ) && is_string( $stored['site'] ) ? $stored['site'] : '',
		'drop_emoji' => ! empty( $stored['drop_emoji'] ),
	);
}

/**
 * The Worker's address as an origin without a trailing slash, or a WP_Error saying what is wrong.
 * https only; http is taken for localhost, 127.0.0.1 and [::1] (local development), as the Worker
 * itself takes addresses.
 *
 * @param string $raw What the admin typed.
 * @return string|WP_Error
 */
function candour_parse_worker_address( $raw ) {
	$value = trim( (string) $raw );
	if ( '' === $value ) {
		return new WP_Error( 'candour_worker_missing', __( 'Enter the Worker address, for example https://consent.yourclinic.org.uk.', 'candour' ) );
	}
	if ( strlen( $value ) > 200 || preg_match( '/[\s<>"\'\\\\]/', $value ) ) {
		return new WP_Error( 'candour_worker_invalid', __( 'The Worker address must be a plain web address, for example https://consent.yourclinic.org.uk.', 'candour' ) );
	}
	$parts = wp_parse_url( $value );
	if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
		return new WP_Error( 'candour_worker_invalid', __( 'The Worker address must start with https:// and name a host, for example https://consent.yourclinic.org.uk.', 'candour' ) );
	}
	$scheme = strtolower( $parts['scheme'] );
	$host   = strtolower( $parts['host'] );
	if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
		return new WP_Error( 'candour_worker_invalid', __( 'The Worker address is only the scheme and host (no user name, query or #fragment), for example https://consent.yourclinic.org.uk.', 'candour' ) );
	}
	if ( isset( $parts['path'] ) && '' !== trim( $parts['path'], '/' ) ) {
		return new WP_Error( 'candour_worker_invalid', __( 'The Worker address is only the scheme and host, without a path: leave out /v1/… and anything after the host.', 'candour' ) );
	}
	$local = in_array( $host, array( 'localhost', '127.0.0.1', '[::1]' ), true );
	if ( 'https' !== $scheme && ! ( 'http' === $scheme && $local ) ) {
		return new WP_Error( 'candour_worker_insecure', __( 'The Worker address must use https:// (http:// is accepted only for localhost and 127.0.0.1, for local development).', 'candour' ) );
	}
	if ( ! $local && ! preg_match( '/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/', $host ) ) {
		return new WP_Error( 'candour_worker_invalid', __( 'The Worker address names a host that is not valid.', 'candour' ) );
	}
	$port = isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '';
	return $scheme . '://' . $host . $port;
}

/**
 * A site id as the Worker knows it (lowercase kebab), or a WP_Error.
 *
 * @param string $raw What the admin typed.
 * @return string|WP_Error
 */
function candour_parse_site_id( $raw ) {
	$value = trim( (string) $raw );
	if ( '' === $value ) {
		return new WP_Error( 'candour_site_missing', __( 'Enter the site id your Candour admin gave you, for example your-clinic.', 'candour' ) );
	}
	if ( ! preg_match( '/^[a-z0-9][a-z0-9-]{1,62}$/', $value ) ) {
		return new WP_Error( 'candour_site_invalid', __( 'The site id is 2 to 63 lowercase letters, digits and hyphens, starting with a letter or digit, for example your-clinic.', 'candour' ) );
	}
	return $value;
}

/**
 * Where the embed script is, or '' until both settings are valid.
 *
 * @return string
 */
function candour_embed_url() {
	$settings = candour_settings();
	$worker   = candour_parse_worker_address( $settings['worker'] );
	$site     = candour_parse_site_id( $settings['site'] );
	if ( is_wp_error( $worker ) || is_wp_error( $site ) ) {
		return '';
	}
	return $worker . '/v1/sites/' . $site . '/embed.js';
}

/**
 * A fresh install gets an empty option, so that the first save is an update (see candour_sanitize_settings).
 */
function candour_activate() {
	add_option(
		'candour_settings',
		array(
			'worker'     => '',
			'site'       => '',
			'drop_emoji' => false,
		)
	);
}
