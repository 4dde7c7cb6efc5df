<?php
// Creates the test site's content through WordPress itself (tests/wordpress/run.sh):
// authors, categories and tags, published posts (classic, block and Divi markup),
// a draft, a pending and a private post, a page, a trashed and a deleted post, and
// comments approved, pending and spam, all with e-mail addresses and IPs.
// Prints "name=id" lines for the script.
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';

function must($v, $what) {
  if (is_wp_error($v) || !$v) { fwrite(STDERR, "content.php: $what failed\n"); exit(1); }
  return $v;
}

// As the administrator, so kses keeps <script> and <style> in the content, as it does for
// an editor with unfiltered_html: html_to_text must drop them itself.
wp_set_current_user(1);
// The installer's "Hello world!" is dated today: out, for a stable expected archive.
wp_delete_post(1, true);
$anna = must(wp_insert_user(['user_login' => 'anna', 'user_pass' => 'x-Pass-123',
  'user_email' => 'anna.author@example.org', 'display_name' => 'Anna Åberg',
  'first_name' => 'Anna', 'last_name' => 'Åberg', 'role' => 'author']), 'user');
$nara = must(wp_create_category('Nära vård'), 'category');
$news = must(wp_create_category('Nyheter'), 'category');

function post($args) {
  global $anna;
  $args += ['post_author' => $anna, 'post_status' => 'publish', 'post_type' => 'post'];
  return must(wp_insert_post(wp_slash($args), true), 'post ' . $args['post_title']);
}

function comment($post, $author, $email, $date, $text, $approved) {
  return must(wp_insert_comment(wp_slash(['comment_post_ID' => $post, 'comment_author' => $author,
    'comment_author_email' => $email, 'comment_author_IP' => '192.0.2.44',
    'comment_author_url' => 'https://private.example.net/', 'comment_date' => $date,
    'comment_date_gmt' => get_gmt_from_date($date), 'comment_content' => $text,
    'comment_approved' => $approved])), 'comment');
}

$classic = post(['post_title' => 'Första linjen &amp; tidiga insatser', 'post_name' => 'forsta-linjen',
  'post_date' => '2023-03-06 10:00:00', 'post_category' => [$nara, $news],
  'post_content' => "Första stycket med&nbsp;ett &quot;citat&quot; och en rad\nbrytning.\n\n" .
    "<strong>Andra</strong> stycket.\n<ul>\n<li>Punkt ett</li>\n<li>Punkt två</li>\n</ul>\n" .
    "<script>var hemligt = 1;</script><style>p { color: red }</style>\n\n" .
    "[caption id=\"attachment_1\" align=\"alignnone\" width=\"300\"]<img src=\"x.jpg\" alt=\"\" /> Bildtext här[/caption]\n\n" .
    "[gallery ids=\"1,2\"]Sista stycket.[1]"]);
$blocks = post(['post_title' => 'Tillit i blockredigeraren', 'post_name' => 'tillit-block',
  'post_date' => '2023-05-02 09:30:00', 'tags_input' => ['Tillit till socialtjänsten', 'Övrigt'],
  'post_content' => "<!-- wp:heading -->\n<h2>En rubrik</h2>\n<!-- /wp:heading -->\n\n" .
    "<!-- wp:paragraph -->\n<p>Ett stycke om tillit.</p>\n<!-- /wp:paragraph -->"]);
$divi = post(['post_title' => 'Divi-sidan', 'post_name' => 'divi', 'post_date' => '2024-01-15 08:00:00',
  'post_content' => '[et_pb_section fb_built="1"][et_pb_row][et_pb_column type="4_4"]' .
    '[et_pb_text admin_label="Text"]<p>Text inuti Divi.</p><p>Och ett andra stycke.</p>[/et_pb_text]' .
    '[/et_pb_column][/et_pb_row][/et_pb_section]']);
$edited = post(['post_title' => 'Att ändra', 'post_name' => 'att-andra', 'post_date' => '2024-02-01 12:00:00',
  'post_content' => 'Före ändringen.']);
$doomed = post(['post_title' => 'Att ta bort', 'post_name' => 'att-ta-bort', 'post_date' => '2024-02-02 12:00:00',
  'post_content' => 'Tas bort före andra synken.']);
post(['post_title' => 'Ett utkast', 'post_status' => 'draft', 'post_content' => 'UTKASTTEXT']);
post(['post_title' => 'Väntar på granskning', 'post_status' => 'pending', 'post_content' => 'VANTANDETEXT']);
post(['post_title' => 'Privat', 'post_status' => 'private', 'post_content' => 'PRIVATTEXT']);
post(['post_title' => 'Om föreningen', 'post_type' => 'page', 'post_content' => 'SIDTEXT']);
$trashed = post(['post_title' => 'I papperskorgen', 'post_content' => 'PAPPERSKORGSTEXT']);
wp_trash_post($trashed);
$deleted = post(['post_title' => 'Raderad', 'post_content' => 'RADERADTEXT']);
wp_delete_post($deleted, true);

comment($classic, 'Kalle Karlsson', 'kalle.karlsson@example.com', '2023-03-07 08:15:00',
  "Bra skrivet!\n\nMejla mig på kalle.privat@example.net om mer.", 1);
comment($classic, 'Lisa Lind', 'lisa.lind@example.com', '2023-03-08 09:00:00', 'VANTANDEKOMMENTAR', 0);
comment($classic, 'Spam Spamsson', 'spam@example.com', '2023-03-08 10:00:00', 'SPAMKOMMENTAR', 'spam');
comment($classic, 'Berit Berg', 'berit.berg@example.com', '2023-03-07 07:00:00', 'Först!', 1);
comment($edited, 'Olle Olsson', 'olle.olsson@example.com', '2024-02-03 12:00:00', 'Kommentar till ändrat inlägg.', 1);

echo "edited=$edited\ndoomed=$doomed\n";
