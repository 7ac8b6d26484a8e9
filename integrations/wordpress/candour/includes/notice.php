<?php
/**
 * [candour_notice]: the layered privacy notice (the CONTRACT's <candour-notice>) on a WordPress
 * page, usually the privacy page. Without JavaScript, or before it runs, the element's content is
 * a link to the notice as a plain page on the Worker, which needs no script.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * [candour_notice], [candour_notice section="cookies" compact="yes"] or [candour_notice heading_level="1"].
 *
 * @param array|string $attributes The shortcode's attributes.
 * @return string
 */
function candour_notice_shortcode( $attributes ) {
	$attributes = shortcode_atts(
		array(
			'section'       => '',
			'compact'       => '',
			'heading_level' => '',
		),
		$attributes,
		'candour_notice'
	);
	$settings   = candour_settings();
	$worker     = candour_parse_worker_address( $settings['worker'] );
	$site       = candour_parse_site_id( $settings['site'] );
	if ( is_wp_error( $worker ) || is_wp_error( $site ) ) {
		return '';
	}
	$element = '<candour-notice site="' . esc_attr( $site ) . '"';
	$section = (string) $attributes['section'];
	if ( preg_match( '/^[a-z0-9][a-z0-9-]{0,62}$/', $section ) ) {
		$element .= ' section="' . esc_attr( $section ) . '"';
	}
	if ( in_array( strtolower( (string) $attributes['compact'] ), array( '1', 'yes', 'true', 'compact' ), true ) ) {
		$element .= ' compact';
	}
	$level = (int) $attributes['heading_level'];
	if ( $level >= 1 && $level <= 4 ) {
		$element .= ' heading-level="' . $level . '"';
	}
	$page = $worker . '/v1/sites/' . $site . '/privacy' . ( '' !== $section && preg_match( '/^[a-z0-9-]+$/', $section ) ? '#' . $section : '' );
	return $element . '><a href="' . esc_url( $page ) . '">' . esc_html__( 'Read our privacy notice', 'candour' ) . '</a></candour-notice>';
}
add_shortcode( 'candour_notice', 'candour_notice_shortcode' );
