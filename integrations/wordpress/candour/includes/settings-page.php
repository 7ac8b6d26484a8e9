<?php
/**
 * Settings → Candour: the Worker's address, the site id, the emoji option, and whether the
 * banner's privacy link matches WordPress's privacy page. Saved through the Settings API, so
 * options.php checks the nonce (candour-options) and the manage_options capability; every
 * value is validated here, and a bad one is refused with its reason and changes nothing.
 *
 * @package Candour
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the option and its validation.
 */
function candour_register_settings() {
	register_setting(
		'candour',
		'candour_settings',
		array(
			'type'              => 'array',
			'sanitize_callback' => 'candour_sanitize_settings',
			'show_in_rest'      => false,
		)
	);
}
add_action( 'admin_init', 'candour_register_settings' );

/**
 * Validates what the form sent. Anything wrong keeps every stored value as it was.
 *
 * @param mixed $input The submitted values.
 * @return array
 */
function candour_sanitize_settings( $input ) {
	$stored = candour_settings();
	if ( ! is_array( $input ) ) {
		return $stored;
	}
	// WordPress runs this twice when the option is first added; the second call sees our output.
	if ( $input === $stored ) {
		return $stored;
	}
	$worker = candour_parse_worker_address( isset( $input['worker'] ) && is_string( $input['worker'] ) ? wp_unslash( $input['worker'] ) : '' );
	$site   = candour_parse_site_id( isset( $input['site'] ) && is_string( $input['site'] ) ? wp_unslash( $input['site'] ) : '' );
	$errors = array_filter(
		array(
			'candour_worker' => $worker,
			'candour_site'   => $site,
		),
		'is_wp_error'
	);
	foreach ( $errors as $field => $error ) {
		add_settings_error( 'candour_settings', $field, $error->get_error_message(), 'error' );
	}
	if ( $errors ) {
		add_settings_error( 'candour_settings', 'candour_not_saved', __( 'Nothing was saved: correct the fields above and save again.', 'candour' ), 'error' );
		return $stored;
	}
	return array(
		'worker'     => $worker,
		'site'       => $site,
		'drop_emoji' => ! empty( $input['drop_emoji'] ),
	);
}

/**
 * Adds Settings → Candour.
 */
function candour_add_settings_page() {
	add_options_page( __( 'Candour cookie consent', 'candour' ), __( 'Candour', 'candour' ), 'manage_options', 'candour', 'candour_render_settings_page' );
}
add_action( 'admin_menu', 'candour_add_settings_page' );

/**
 * A "Settings" link beside the plugin on the Plugins screen.
 *
 * @param array $links The plugin's action links.
 * @return array
 */
function candour_plugin_action_links( $links ) {
	$url = admin_url( 'options-general.php?page=candour' );
	array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'candour' ) . '</a>' );
	return $links;
}
add_filter( 'plugin_action_links_' . plugin_basename( CANDOUR_PLUGIN_FILE ), 'candour_plugin_action_links' );

/**
 * The screen.
 */
function candour_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'You are not allowed to change Candour’s settings.', 'candour' ), 403 );
	}
	$settings = candour_settings();
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Candour cookie consent', 'candour' ); ?></h1>
		<p><?php esc_html_e( 'Candour shows the cookie banner, holds back analytics and marketing tags until visitors allow them, and keeps a signed record of each choice. Your Candour admin gives you the two values below.', 'candour' ); ?></p>
		<form method="post" action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" novalidate>
			<?php settings_fields( 'candour' ); ?>
			<table class="form-table" role="presentation">
				<?php
				candour_render_text_row( 'worker', 'url', __( 'Worker address', 'candour' ), 'https://consent.yourclinic.org.uk', __( 'The consent host, https:// and its name only (http://localhost or http://127.0.0.1 for local development).', 'candour' ) );
				candour_render_text_row( 'site', 'text', __( 'Site id', 'candour' ), 'your-clinic', __( 'Lowercase letters, digits and hyphens, for example your-clinic.', 'candour' ) );
				?>
				<tr>
					<th scope="row"><?php esc_html_e( 'Emoji', 'candour' ); ?></th>
					<td>
						<label for="candour-drop-emoji">
							<input type="checkbox" id="candour-drop-emoji" name="candour_settings[drop_emoji]" value="1" <?php checked( $settings['drop_emoji'] ); ?>>
							<?php esc_html_e( 'Remove WordPress’s emoji script', 'candour' ); ?>
						</label>
						<p class="description"><?php esc_html_e( 'On browsers without colour emoji it loads pictures from s.w.org (WordPress.org) before any choice, and every page names s.w.org in a DNS hint. Browsers show emoji themselves without it.', 'candour' ); ?></p>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
		<?php candour_render_privacy_link_status(); ?>
	</div>
	<?php
}

/**
 * One labelled text field of the form, with its help line, showing the stored value.
 *
 * @param string $key         The setting (`worker` or `site`).
 * @param string $type        The input's type.
 * @param string $label       The field's label, translated.
 * @param string $placeholder An example value.
 * @param string $help        The help line, translated.
 */
function candour_render_text_row( $key, $type, $label, $placeholder, $help ) {
	$settings = candour_settings();
	$id       = 'candour-' . $key;
	?>
	<tr>
		<th scope="row"><label for="<?php echo esc_attr( $id ); ?>"><?php echo esc_html( $label ); ?></label></th>
		<td>
			<input type="<?php echo esc_attr( $type ); ?>" class="regular-text code" id="<?php echo esc_attr( $id ); ?>" name="candour_settings[<?php echo esc_attr( $key ); ?>]" value="<?php echo esc_attr( $settings[ $key ] ); ?>" placeholder="<?php echo esc_attr( $placeholder ); ?>" aria-describedby="<?php echo esc_attr( $id . '-help' ); ?>">
			<p class="description" id="<?php echo esc_attr( $id . '-help' ); ?>"><?php echo esc_html( $help ); ?></p>
		</td>
	</tr>
	<?php
}

/**
 * Whether the banner's privacy link and WordPress's privacy page agree, and what to do if not.
 */
function candour_render_privacy_link_status() {
	$status = candour_privacy_link_status();
	if ( 'not-set-up' === $status['state'] ) {
		return;
	}
	echo '<h2>' . esc_html__( 'Privacy page', 'candour' ) . '</h2>';
	echo '<div id="candour-privacy-status">';
	switch ( $status['state'] ) {
		case 'in-step':
			echo '<p>' . esc_html__( 'The banner’s privacy link goes to your privacy page:', 'candour' ) . ' <a href="' . esc_url( $status['wordpress_url'] ) . '">' . esc_html( $status['wordpress_url'] ) . '</a></p>';
			break;
		case 'unreachable':
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'The Worker did not answer for this site id, so the banner cannot show either. Check the address and the site id.', 'candour' ) . ' <code>' . esc_html( $status['detail'] ) . '</code></p></div>';
			break;
		case 'no-page':
			echo '<div class="notice notice-warning inline"><p>' . esc_html__( 'WordPress has no published privacy page (Settings → Privacy). The banner’s privacy link goes to:', 'candour' ) . ' <code>' . esc_html( $status['worker_url'] ) . '</code></p></div>';
			break;
		default:
			echo '<div class="notice notice-warning inline"><p>' . esc_html__( 'The banner’s privacy link does not go to your privacy page. Ask your Candour admin to set the site’s privacyUrl to your privacy page’s address.', 'candour' ) . '</p><p>';
			echo esc_html__( 'Banner link:', 'candour' ) . ' <code>' . esc_html( $status['worker_url'] ) . '</code><br>';
			echo esc_html__( 'Your privacy page:', 'candour' ) . ' <code>' . esc_html( $status['wordpress_url'] ) . '</code></p></div>';
	}
	echo '</div>';
}
