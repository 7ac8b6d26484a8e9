<?php
/**
 * The known-services catalogue: which hosts serve which service, and that service's category.
 * `catalogue/services.json` is a copy of the repository's `contract/catalogue/services.json`
 * (an installed plugin cannot reach outside its folder); a unit test keeps the two identical.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The catalogue's services, read once per request.
 *
 * @return array<int, array{id: string, name: string, category: string, sources: string[]}>
 */
function candour_catalogue() {
	static $services = null;
	if ( null !== $services ) {
		return $services;
	}
	$services = array();
	$path     = CANDOUR_PLUGIN_DIR . '/catalogue/services.json';
	$data     = is_readable( $path ) ? json_decode( (string) file_get_contents( $path ), true ) : null; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
	if ( is_array( $data ) && isset( $data['services'] ) && is_array( $data['services'] ) ) {
		$data = $data['services'];
	}
	if ( ! is_array( $data ) ) {
		return $services;
	}
	foreach ( $data as $service ) {
		if ( ! is_array( $service ) || ! isset( $service['id'], $service['category'], $service['sources'] ) || ! is_array( $service['sources'] ) ) {
			continue;
		}
		if ( ! in_array( $service['category'], array( 'functional', 'analytics', 'marketing' ), true ) ) {
			continue;
		}
		$services[] = array(
			'id'       => (string) $service['id'],
			'name'     => isset( $service['name'] ) ? (string) $service['name'] : (string) $service['id'],
			'category' => $service['category'],
			'sources'  => array_values( array_filter( $service['sources'], 'is_string' ) ),
		);
	}
	return $services;
}

/**
 * The catalogue service a script or frame address loads from, or null, matched as the
 * repository's contract/catalogue-match.ts does: a source is a host (matching it and its
 * subdomains) or a host and path prefix (`www.googletagmanager.com/gtag/js`); the longest
 * source that matches wins, so Google's tag is Google Analytics rather than Tag Manager. Protocol-relative addresses are read as https; relative ones are the site's
 * own and match nothing.
 *
 * @param string $url The script's src.
 * @return array|null
 */
function candour_service_for_url( $url ) {
	$url = html_entity_decode( trim( (string) $url ), ENT_QUOTES );
	if ( 0 === strpos( $url, '//' ) ) {
		$url = 'https:' . $url;
	}
	$parts = wp_parse_url( $url );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) ) {
		return null;
	}
	if ( ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
		return null;
	}
	// `example.com.` is the same host to a browser: the trailing dot must not slip past.
	$host   = rtrim( strtolower( $parts['host'] ), '.' );
	$path   = isset( $parts['path'] ) ? $parts['path'] : '/';
	$best   = null;
	$length = 0;
	foreach ( candour_catalogue() as $service ) {
		foreach ( $service['sources'] as $source ) {
			$slash         = strpos( $source, '/' );
			$source_host   = strtolower( false === $slash ? $source : substr( $source, 0, $slash ) );
			$source_prefix = false === $slash ? '' : substr( $source, $slash );
			$suffix        = '.' . $source_host;
			if ( $host !== $source_host && substr( $host, -strlen( $suffix ) ) !== $suffix ) {
				continue;
			}
			if ( ( '' === $source_prefix || 0 === strpos( $path, $source_prefix ) ) && strlen( $source ) > $length ) {
				$best   = $service;
				$length = strlen( $source );
			}
		}
	}
	return $best;
}

/**
 * The category a queued script is held back under, or '' when it runs at once. Filterable, so a
 * site can hold back a script the catalogue does not know:
 * `add_filter( 'candour_script_category', fn( $c, $handle ) => 'my-chat' === $handle ? 'functional' : $c, 10, 3 );`
 *
 * @param string $src    The script's address.
 * @param string $handle Its handle in the script queue ('' when not queued).
 * @return string
 */
function candour_script_category( $src, $handle = '' ) {
	$service  = candour_service_for_url( $src );
	$category = $service ? $service['category'] : '';
	$category = apply_filters( 'candour_script_category', $category, $handle, $src );
	return in_array( $category, array( 'functional', 'analytics', 'marketing' ), true ) ? $category : '';
}
