<?php
/**
 * What the block's editor script needs loaded first (WordPress reads this beside index.js).
 *
 * @package Candour
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-i18n' ),
	'version'      => '0.1.0',
);
