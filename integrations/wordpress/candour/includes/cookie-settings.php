<?php
/**
 * The "Cookie settings" block and the [candour_cookie_settings] shortcode: a link with
 * data-candour="preferences", which Candour turns into "open the preferences" on every page.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The link itself. A real link (not a button) so that it sits in footers and menus like the
 * others; without Candour (Worker not set yet) it goes nowhere rather than somewhere wrong.
 *
 * @param string $label The link text.
 * @param string $class Extra class names.
 * @return string
 */
function candour_cookie_settings_link( $label, $class = '' ) {
	$label = trim( wp_strip_all_tags( html_entity_decode( (string) $label, ENT_QUOTES ) ) );
	if ( '' === $label ) {
		$label = __( 'Cookie settings', 'candour' );
	}
	$class = trim( 'candour-cookie-settings ' . $class );
	return '<a href="#cookie-settings" class="' . esc_attr( $class ) . '" data-candour="preferences">' . esc_html( $label ) . '</a>';
}

/**
 * [candour_cookie_settings] or [candour_cookie_settings label="Change your cookie choices"].
 *
 * @param array|string $attributes The shortcode's attributes.
 * @return string
 */
function candour_cookie_settings_shortcode( $attributes ) {
	$attributes = shortcode_atts( array( 'label' => __( 'Cookie settings', 'candour' ) ), $attributes, 'candour_cookie_settings' );
	return candour_cookie_settings_link( $attributes['label'] );
}
add_shortcode( 'candour_cookie_settings', 'candour_cookie_settings_shortcode' );

/**
 * Renders the block on the page, from its label.
 *
 * @param array $attributes The block's attributes.
 * @return string
 */
function candour_render_cookie_settings_block( $attributes ) {
	$label   = isset( $attributes['label'] ) && is_string( $attributes['label'] ) ? $attributes['label'] : '';
	$wrapper = get_block_wrapper_attributes();
	return '<p ' . $wrapper . '>' . candour_cookie_settings_link( $label ) . '</p>';
}

/**
 * Registers the block from its block.json.
 */
function candour_register_cookie_settings_block() {
	register_block_type(
		CANDOUR_PLUGIN_DIR . '/blocks/cookie-settings',
		array( 'render_callback' => 'candour_render_cookie_settings_block' )
	);
}
add_action( 'init', 'candour_register_cookie_settings_block' );

/**
 * Menu editors cannot add data-* attributes: a custom link to #cookie-settings opens the
 * preferences too. Printed in the footer, and only while Candour is set up.
 */
function candour_cookie_settings_menu_links() {
	if ( '' === candour_embed_url() ) {
		return;
	}
	$script = "document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a[href\$=\"#cookie-settings\"]:not([data-candour])');if(a&&window.candour){e.preventDefault();window.candour.showPreferences();}});";
	wp_print_inline_script_tag( $script, array( 'id' => 'candour-cookie-settings-links' ) );
}
add_action( 'wp_footer', 'candour_cookie_settings_menu_links' );
