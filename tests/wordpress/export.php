<?php
// Writes the site's WXR export with WordPress's own exporter (Tools > Export, "All
// content") to the file named by argv[1].
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
ob_start();
export_wp(['content' => 'all']);
file_put_contents($argv[1], ob_get_clean());
