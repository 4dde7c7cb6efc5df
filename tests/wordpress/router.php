<?php
// Router for PHP's built-in server: WordPress's front controller for every path that is
// not a file. When FSS_NO_PRETTY names an existing file, /wp-json/ answers 404, as on a
// site without pretty permalinks, so the client must fall back to ?rest_route=.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$flag = getenv('FSS_NO_PRETTY');
if ($flag && file_exists($flag) && str_starts_with($path, '/wp-json')) {
  http_response_code(404);
  echo 'Not Found';
  return true;
}
if ($path !== '/' && file_exists($_SERVER['DOCUMENT_ROOT'] . $path) && !is_dir($_SERVER['DOCUMENT_ROOT'] . $path)) return false;
$_SERVER['SCRIPT_NAME'] = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
