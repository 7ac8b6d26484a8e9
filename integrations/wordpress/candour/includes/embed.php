<?php
/**
 * The front end: Candour's script first in <head>, known tags held back, nothing sent to a
 * known service's host before a choice.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Prints the embed. Hooked on wp_head at the lowest priority there is: wp_head's own callbacks
 * start at priority 1 (wp_enqueue_scripts, resource hints at 2, emoji at 7, queued head scripts
 * at 9 through wp_print_head_scripts), and plugins that echo their tags straight into wp_head
 * usually pick 1 or 10. Printed through wp_print_script_tag, so CSP plugins that add a nonce
 * through the wp_script_attributes filter give it one too.
 */
function candour_print_embed() {
	$src = candour_embed_url();
	if ( '' === $src ) {
		return;
	}
	wp_print_script_tag(
		array(
			'src' => esc_url( $src ),
			'id'  => 'candour-embed',
		)
	);
}
add_action( 'wp_head', 'candour_print_embed', PHP_INT_MIN );

/**
 * Holds back a queued script whose address the catalogue knows. WordPress 6.1 passes the whole
 * printed text for the handle: its translations and inline "before" and "after" scripts as well
 * as the tag with src. Only tags with a src of a known service change; the inline ones (Site
 * Kit's `function gtag(){dataLayer.push(arguments)}` and its queued `gtag('config', …)`) still
 * run at once, since they only queue commands and a later one may call what an earlier defined.
 *
 * @param string $tag    The printed text.
 * @param string $handle The script's handle.
 * @return string
 */
function candour_hold_back_queued_script( $tag, $handle ) {
	if ( is_admin() || '' === candour_embed_url() ) {
		return $tag;
	}
	return (string) preg_replace_callback(
		'/<script\b([^>]*)>/i',
		function ( $match ) use ( $handle ) {
			$attributes = $match[1];
			if ( ! preg_match( '/\ssrc\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+))/i', $attributes, $src ) ) {
				return $match[0];
			}
			if ( preg_match( '/\sdata-candour-category\s*=/i', $attributes ) ) {
				return $match[0]; // Marked up by hand already.
			}
			$url      = isset( $src[3] ) ? $src[3] : ( '' !== $src[2] ? $src[2] : $src[1] );
			$category = candour_script_category( $url, $handle );
			if ( '' === $category ) {
				return $match[0];
			}
			// Themes without HTML5 script support print type='text/javascript'; a second type would
			// be ignored by browsers (the first wins), so the old one goes.
			$module     = (bool) preg_match( '/\stype\s*=\s*["\']?module["\']?/i', $attributes );
			$attributes = preg_replace( '/\stype\s*=\s*(?:"[^"]*"|\'[^\']*\'|[^\s>]+)/i', '', $attributes );
			$marks      = ' type="text/plain" data-candour-category="' . esc_attr( $category ) . '"';
			if ( $module ) {
				$marks .= ' data-candour-type="module"';
			}
			return '<script' . $marks . $attributes . '>';
		},
		$tag
	);
}
add_filter( 'script_loader_tag', 'candour_hold_back_queued_script', PHP_INT_MAX, 2 );

/**
 * The same for tags printed with wp_print_script_tag() or wp_get_script_tag() outside the queue.
 *
 * @param array $attributes The tag's attributes.
 * @return array
 */
function candour_hold_back_printed_script( $attributes ) {
	if ( is_admin() || ! is_array( $attributes ) || empty( $attributes['src'] ) || isset( $attributes['data-candour-category'] ) ) {
		return $attributes;
	}
	if ( isset( $attributes['id'] ) && 'candour-embed' === $attributes['id'] ) {
		return $attributes;
	}
	$category = '' === candour_embed_url() ? '' : candour_script_category( (string) $attributes['src'], '' );
	if ( '' === $category ) {
		return $attributes;
	}
	if ( isset( $attributes['type'] ) && 'module' === $attributes['type'] ) {
		$attributes['data-candour-type'] = 'module';
	}
	$attributes['type']                  = 'text/plain';
	$attributes['data-candour-category'] = $category;
	return $attributes;
}
add_filter( 'wp_script_attributes', 'candour_hold_back_printed_script', PHP_INT_MAX );

/**
 * Drops dns-prefetch, preconnect and prefetch hints to a known service's host: WordPress adds a
 * dns-prefetch for the host of every queued script from another host (so for Google's tag), and
 * Site Kit adds its own; a preconnect would open a connection to that host before any choice.
 *
 * @param array $urls The hints of one relation type.
 * @return array
 */
function candour_drop_resource_hints( $urls ) {
	if ( '' === candour_embed_url() || ! is_array( $urls ) ) {
		return $urls;
	}
	return array_values(
		array_filter(
			$urls,
			function ( $hint ) {
				$href = (string) ( is_array( $hint ) ? ( isset( $hint['href'] ) ? $hint['href'] : '' ) : $hint );
				// WordPress's own dns-prefetch list (the hosts of queued scripts) holds bare hosts.
				if ( ! preg_match( '#^([a-z][a-z0-9+.-]*:)?//#i', $href ) ) {
					$href = '//' . $href;
				}
				return null === candour_service_for_url( $href );
			}
		)
	);
}
add_filter( 'wp_resource_hints', 'candour_drop_resource_hints', PHP_INT_MAX );

/**
 * WordPress's emoji script loads emoji pictures from s.w.org on browsers without colour emoji,
 * and its dns-prefetch hint for s.w.org is printed on every page. The option removes both.
 */
function candour_drop_emoji() {
	if ( ! candour_settings()['drop_emoji'] ) {
		return;
	}
	remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
	remove_action( 'wp_print_styles', 'print_emoji_styles' );
	remove_action( 'wp_enqueue_scripts', 'wp_enqueue_emoji_styles' );
	remove_action( 'embed_head', 'print_emoji_detection_script' );
	remove_filter( 'the_content_feed', 'wp_staticize_emoji' );
	remove_filter( 'comment_text_rss', 'wp_staticize_emoji' );
	add_filter( 'emoji_svg_url', '__return_false' );
}
add_action( 'init', 'candour_drop_emoji' );
