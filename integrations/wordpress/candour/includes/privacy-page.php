<?php
/**
 * The banner's "privacy notice" link goes to the site's `privacyUrl` as the Worker holds it.
 * WordPress has its own privacy page (Settings → Privacy); this compares the two so that the
 * settings screen can say when they have drifted apart, and what to change.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Compares the Worker's privacy link for this site with WordPress's privacy page.
 *
 * @return array{state: string, worker_url: string, wordpress_url: string, detail: string}
 *   state is 'in-step', 'differs', 'no-page' (WordPress has no published privacy page),
 *   'not-set-up' or 'unreachable'.
 */
function candour_privacy_link_status() {
	$wordpress_url = get_privacy_policy_url();
	$result        = array(
		'state'         => 'not-set-up',
		'worker_url'    => '',
		'wordpress_url' => $wordpress_url,
		'detail'        => '',
	);
	if ( '' === candour_embed_url() ) {
		return $result;
	}
	$settings = candour_settings();
	// Asked afresh each time the settings screen is shown: an admin who has just changed either
	// side wants to see the result, and the screen is rarely opened.
	$response = wp_remote_get(
		$settings['worker'] . '/v1/sites/' . rawurlencode( $settings['site'] ) . '/config',
		array(
			'timeout'     => 5,
			'redirection' => 0,
			'headers'     => array( 'Accept' => 'application/json' ),
		)
	);
	$code = is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response );
	$body = 200 === $code ? json_decode( wp_remote_retrieve_body( $response ), true ) : null;
	if ( ! is_array( $body ) || ! isset( $body['notice']['url'] ) || ! is_string( $body['notice']['url'] ) ) {
		$result['state']  = 'unreachable';
		$result['detail'] = is_wp_error( $response ) ? $response->get_error_message() : sprintf( 'HTTP %d', $code );
		return $result;
	}
	$worker_url = $body['notice']['url'];
	$result['worker_url'] = $worker_url;
	if ( '' === $wordpress_url ) {
		$result['state'] = 'no-page';
	} elseif ( untrailingslashit( $worker_url ) === untrailingslashit( $wordpress_url ) ) {
		$result['state'] = 'in-step';
	} else {
		$result['state'] = 'differs';
	}
	return $result;
}
