// The reasons catalogue: every code the tool counts or reports — skips, fallbacks, blocking problems, warnings,
// failures and fatal errors — with what it means and what the operator can do. The report, the console summary and
// docs/reasons.md (scripts/reasons-doc.mjs) all read their texts from here, and the report API only accepts codes
// listed here, so a new free-string code fails type-checking (test/docs/reasons.test.ts also scans the sources).

/**
 * skip: a record or file not imported. fallback: imported, but not as faithfully as the source had it. problem: a
 * write Google would reject (blocks the import). warning: worth knowing, nothing lost. failure: a write Google
 * refused during the run. error: the run cannot start or must stop.
 */
export type ReasonKind = 'skip' | 'fallback' | 'problem' | 'warning' | 'failure' | 'error';

export interface Reason {
  readonly kinds: readonly ReasonKind[];
  /** One line: what happened. */
  readonly meaning: string;
  /** One line: what the operator can do about it. */
  readonly action: string;
}

/** The action of codes that mark what is expected (a topic change is no message): the console says them at info level. */
export const NOTHING = 'Nothing to do: this is expected.';
const FIX_EXPORT = 'Fix the named file and record (or export it again), then run the same command again.';
const MAP_USER = 'Add the person to the --users mapping (or create their Workspace account), then run the same command again.';

/** A Slack subtype that records an event rather than a chat message: skipped with the subtype as its code. */
const slackNotice = (meaning: string) => ({ kinds: ['skip'] as const, meaning, action: NOTHING });

export const REASONS = {
  // ── Reading the export: files and tables ─────────────────────────────────────────────────────────────────────
  unreadable_file: { kinds: ['skip'], meaning: 'A file of the export could not be read from disk or from the zip.', action: 'Check the file (permissions, a damaged copy) and run the same command again.' },
  bad_json: { kinds: ['skip'], meaning: 'A file of the export is not valid JSON (truncated, damaged bytes); a streamed file keeps the records before the damage, the rest of it is skipped.', action: FIX_EXPORT },
  not_array: { kinds: ['skip'], meaning: 'A JSON file that should hold an array (of messages or table entries) holds something else.', action: FIX_EXPORT },
  bad_record: { kinds: ['skip'], meaning: 'A record is not a JSON object, or a join/leave has no user.', action: FIX_EXPORT },
  duplicate_folder: { kinds: ['skip'], meaning: 'Two conversations of the tables name one folder of day files (two channels of one name): the first reads it, the other imports nothing from it.', action: 'Check channels.json (and groups.json): rename or remove the wrong entry, then run again.' },
  duplicate_user: { kinds: ['skip'], meaning: 'The user table lists one user id twice (users.json, users.csv, a JSON people section); the first entry is used, this one is not.', action: 'Check which entry has the right name and email; fix the table or map the id with --users.' },
  bad_table_record: { kinds: ['skip'], meaning: 'An entry of users.json or a conversation table has no id.', action: FIX_EXPORT },
  missing_ts: { kinds: ['skip'], meaning: 'A Slack message has no valid `ts` (its time and identity).', action: FIX_EXPORT },
  unmappable_record: { kinds: ['skip'], meaning: 'A record could not be converted (an unexpected shape); the rest of the file is imported.', action: 'Report it with the named file and record; fix the record if you can and run the same command again.' },
  line_too_large: { kinds: ['skip'], meaning: 'A line of a JSON Lines file (the JSON format, Mattermost) over 32 MiB: not read (its bytes past the cap are not even kept, so memory stays bounded); the lines after it are.', action: 'Import what that line holds by hand if it matters.' },
  value_too_large: { kinds: ['skip'], meaning: 'A record that is not a message (a person, a conversation, a table entry) holds a string over 1,000,000 characters, or over 4,000,000 in all its strings: cut while read (memory stays bounded), not read.', action: FIX_EXPORT },
  invalid_utf8: { kinds: ['warning'], meaning: 'A file is not valid UTF-8: the bad bytes were read as U+FFFD, the rest of the file is imported.', action: 'Nothing, unless the replaced characters matter: then fix the file encoding and run again.' },
  missing_conversation: { kinds: ['warning'], meaning: 'A folder of day files has no entry in the conversation tables; it is imported as a channel named after the folder.', action: 'Nothing, unless it should be private or a DM: then restore channels.json/groups.json/mpims.json/dms.json.' },
  missing_user: { kinds: ['warning'], meaning: 'A conversation member is not in users.json; they are shown by id (their messages are posted, with a fallback if they have no email).', action: 'Restore users.json from a complete export, or map the id with --users.' },
  duplicate_conversation: { kinds: ['skip'], meaning: 'A conversation is listed twice in the tables; the first entry is used.', action: NOTHING },
  empty_export: { kinds: ['warning'], meaning: 'The export holds no conversations at all.', action: 'Check that you passed the export itself (the zip or its unpacked folder), not a folder above or below it.' },
  not_a_file: { kinds: ['skip'], meaning: 'A symbolic link or special file in the export folder, or a folder named like a data file (users.json/, 2024-01-02.json/) where that file is expected; not read.', action: 'Copy the real file into the export folder if it belongs to the export.' },
  zip_unsafe_name: { kinds: ['skip'], meaning: 'A zip entry has an unsafe name (absolute, "..", control characters); not read.', action: 'Check where the zip came from; re-export it if the entry matters.' },
  zip_duplicate_entry: { kinds: ['skip'], meaning: 'The zip holds two entries with one name; the first is read.', action: 'Nothing, unless the later one is the right one: then unpack the zip and fix it.' },
  zip_overlapping_entry: { kinds: ['skip'], meaning: "A zip entry whose data overlaps another entry's (the shape of a zip bomb); not read, nothing inflated.", action: 'Check where the zip came from; re-export it if the entry matters.' },
  zip_entry_unsupported: { kinds: ['skip'], meaning: 'A zip entry is encrypted or uses a compression method other than stored or deflated.', action: 'Unpack the zip with a tool that can, and pass the folder instead.' },
  zip_entry_damaged: { kinds: ['skip'], meaning: 'A zip entry is damaged or truncated.', action: 'Copy or download the zip again.' },
  zip_entry_too_large: { kinds: ['skip'], meaning: 'A zip entry expands past the size limit for one entry.', action: 'Unpack the zip yourself and pass the folder, if you trust it.' },
  zip_entry_ratio: { kinds: ['skip'], meaning: 'A zip entry expands far more than any real file (a zip bomb).', action: 'Check where the zip came from; unpack it yourself only if you trust it.' },
  zip_total_too_large: { kinds: ['skip'], meaning: 'The zip expands past the total size limit; later entries are not read.', action: 'Unpack the zip yourself and pass the folder, if you trust it.' },

  // ── Reading the export: per source ───────────────────────────────────────────────────────────────────────────
  not_a_message: { kinds: ['skip'], meaning: 'A Slack record whose type is not "message".', action: NOTHING },
  tombstone: { kinds: ['skip'], meaning: 'A deleted Slack message with no replies (a tombstone).', action: NOTHING },
  channel_topic: slackNotice('a channel topic change, not a chat message (the space description comes from channels.json)'),
  group_topic: slackNotice('a channel topic change, not a chat message (the space description comes from groups.json)'),
  channel_purpose: slackNotice('a channel purpose change, not a chat message (the space description comes from channels.json)'),
  group_purpose: slackNotice('a channel purpose change, not a chat message (the space description comes from groups.json)'),
  channel_name: slackNotice('a channel rename notice, not a chat message (the space name comes from channels.json)'),
  group_name: slackNotice('a channel rename notice, not a chat message (the space name comes from groups.json)'),
  channel_archive: slackNotice('a channel archive notice, not a chat message'),
  group_archive: slackNotice('a channel archive notice, not a chat message'),
  channel_unarchive: slackNotice('a channel unarchive notice, not a chat message'),
  group_unarchive: slackNotice('a channel unarchive notice, not a chat message'),
  channel_convert_to_private: slackNotice('a channel conversion notice, not a chat message'),
  channel_convert_to_public: slackNotice('a channel conversion notice, not a chat message'),
  channel_posting_permissions: slackNotice('a posting-permission change, not a chat message'),
  channel_canvas_updated: slackNotice('a canvas update notice, not a chat message'),
  pinned_item: slackNotice('a pin notice, not a chat message (Chat import has no pins)'),
  unpinned_item: slackNotice('an unpin notice, not a chat message'),
  huddle_thread: slackNotice('a huddle notice, not a chat message (huddles are calls and hold no text)'),
  sh_room_created: slackNotice('a call notice, not a chat message'),
  message_changed: slackNotice('an edit event (the edited text is already in the original message)'),
  message_deleted: slackNotice('a deletion event, not a chat message'),
  message_replied: slackNotice('a reply notification (the reply itself is in the export)'),
  ekm_access_denied: slackNotice('a message whose content was revoked by Enterprise Key Management'),
  joiner_notification: slackNotice('a join notification, not a chat message'),
  joiner_notification_for_inviter: slackNotice('a join notification, not a chat message'),
  csv_bad_column_count: { kinds: ['skip'], meaning: 'A CSV row has fewer or more columns than the header.', action: FIX_EXPORT },
  csv_bad_row: { kinds: ['skip'], meaning: 'A CSV row the parser cannot read (a quote never closed swallows the rest of the file into this one row), or with a field other than the text over 1,000,000 characters.', action: FIX_EXPORT },
  csv_missing_conversation: { kinds: ['skip'], meaning: 'A CSV row has an empty conversation column.', action: FIX_EXPORT },
  csv_bad_conversation_type: { kinds: ['skip'], meaning: 'A CSV row has a conversation_type other than channel, private_channel, dm or group_dm.', action: FIX_EXPORT },
  csv_missing_author: { kinds: ['skip'], meaning: 'A CSV row has neither author_name nor author_email.', action: FIX_EXPORT },
  csv_bad_time: { kinds: ['skip'], meaning: 'A CSV row has a timestamp that is not ISO 8601 or epoch seconds/milliseconds.', action: FIX_EXPORT },
  json_bad_line: { kinds: ['skip'], meaning: 'A line of a JSON Lines file is not valid JSON.', action: FIX_EXPORT },
  json_unknown_type: { kinds: ['skip'], meaning: 'A JSON Lines record has an unknown "type".', action: FIX_EXPORT },
  json_bad_person: { kinds: ['skip'], meaning: 'A person record lacks a required field.', action: FIX_EXPORT },
  json_bad_conversation: { kinds: ['skip'], meaning: 'A conversation record lacks a required field.', action: FIX_EXPORT },
  json_duplicate_conversation: { kinds: ['skip'], meaning: 'A conversation is declared twice; the first declaration is used.', action: NOTHING },
  json_bad_membership: { kinds: ['skip'], meaning: 'A membership record lacks a required field.', action: FIX_EXPORT },
  json_bad_message: { kinds: ['skip'], meaning: 'A message record lacks a required field or has a bad time.', action: FIX_EXPORT },
  json_unknown_conversation: { kinds: ['skip'], meaning: 'A record names a conversation that is not declared.', action: FIX_EXPORT },
  mattermost_bad_line: { kinds: ['skip'], meaning: 'A line of the Mattermost export is not valid JSON.', action: FIX_EXPORT },
  mattermost_unknown_line: { kinds: ['skip'], meaning: 'A Mattermost line of a type that is not imported.', action: NOTHING },
  mattermost_unknown_channel: { kinds: ['skip'], meaning: 'A Mattermost post in a channel or DM the export does not define.', action: FIX_EXPORT },
  mattermost_bad_post: { kinds: ['skip'], meaning: 'A Mattermost post or reply without user or create_at.', action: FIX_EXPORT },
  mattermost_system_post: { kinds: ['skip'], meaning: 'A Mattermost system post (joins, header changes…), not a chat message.', action: NOTHING },
  rocketchat_bad_user: { kinds: ['skip'], meaning: 'A Rocket.Chat users.csv row with an empty username.', action: FIX_EXPORT },
  rocketchat_bad_channel: { kinds: ['skip'], meaning: 'A Rocket.Chat channels.csv row with an empty channel name.', action: FIX_EXPORT },
  rocketchat_bad_row: { kinds: ['skip'], meaning: 'A Rocket.Chat row that cannot be read, a message row with another number of cells than its file takes (a quote left open joins the rows after it into one), or a row with a field other than a message text over 1,000,000 characters.', action: FIX_EXPORT },
  rocketchat_bad_time: { kinds: ['skip'], meaning: 'A Rocket.Chat message whose timestamp is not epoch milliseconds.', action: FIX_EXPORT },
  teams_unknown_conversation: { kinds: ['skip'], meaning: 'A Teams message in a conversation the export does not define.', action: FIX_EXPORT },
  teams_system_event: { kinds: ['skip'], meaning: 'A Teams system event (member added, call…), not a chat message.', action: NOTHING },
  teams_deleted_message: { kinds: ['skip'], meaning: 'A Teams message that was deleted before the export.', action: NOTHING },
  teams_bad_time: { kinds: ['skip'], meaning: 'A Teams message with no usable CreatedDateTime.', action: FIX_EXPORT },
  telegram_bad_message: { kinds: ['skip'], meaning: 'A Telegram message that is not a JSON object.', action: FIX_EXPORT },
  telegram_bad_time: { kinds: ['skip'], meaning: 'A Telegram message with no usable date.', action: FIX_EXPORT },
  telegram_service_message: { kinds: ['skip'], meaning: 'A Telegram service message (joins, pins, calls…), not a chat message.', action: NOTHING },
  telegram_unsupported: { kinds: ['skip'], meaning: 'A Telegram record of a type other than "message".', action: NOTHING },

  // ── Planning ─────────────────────────────────────────────────────────────────────────────────────────────────
  duplicate_record: { kinds: ['skip'], meaning: 'The same message appears twice in the export; it is imported once.', action: NOTHING },
  filtered_by_date: { kinds: ['skip'], meaning: 'Outside --since/--until (not listed as a problem: it is your choice).', action: 'Widen --since/--until to include it.' },
  future_time: { kinds: ['skip'], meaning: 'A message dated in the future, which Google Chat refuses.', action: "Check the export's clock or time zone; fix the record and run again." },
  invalid_time: { kinds: ['skip'], meaning: 'A message whose time is not a number a date can hold; only this message is skipped.', action: FIX_EXPORT },
  message_too_large: { kinds: ['skip'], meaning: 'A message text over 1,000,000 characters (about 250 Chat messages), or a JSON message whose strings hold over 4,000,000 in all: not imported; CSV fields and streamed JSON are cut while read, so memory stays bounded.', action: 'Import that text by hand as a file if it matters.' },
  empty_message: { kinds: ['skip'], meaning: 'A message with no text and no file.', action: NOTHING },
  empty_conversation: { kinds: ['skip'], meaning: 'A conversation with no messages: no space is created for it.', action: NOTHING },
  nothing_to_import: { kinds: ['skip'], meaning: 'Every message of a conversation was skipped or filtered out: no space is created for it.', action: 'See the other skips of this conversation, or widen --since/--until.' },
  member_unmapped_user: { kinds: ['skip'], meaning: 'A current member has no Workspace email, so `complete` cannot add them.', action: MAP_USER },
  membership_unmapped_user: { kinds: ['skip'], meaning: 'A former member has no Workspace email, so their membership history is not written.', action: MAP_USER },
  reaction_custom_emoji: { kinds: ['skip'], meaning: 'A reaction with a custom emoji, which Google Chat import cannot write.', action: 'Nothing: Google Chat import takes Unicode emoji only.' },
  reaction_unmapped_user: { kinds: ['skip'], meaning: 'A reaction by someone with no Workspace email (reactions cannot be attributed to the admin).', action: MAP_USER },

  // ── Posting ──────────────────────────────────────────────────────────────────────────────────────────────────
  reaction_user_refused: { kinds: ['skip'], meaning: 'Google refused to impersonate the reacting user (suspended, deleted, or outside the domain).', action: 'Restore the account (or map the person to an active one with --users), then run the same command again.' },
  membership_user_not_found: { kinds: ['skip'], meaning: 'A former member is not a user of the Workspace, so their membership history is not written.', action: MAP_USER },
  member_not_found: { kinds: ['skip'], meaning: 'complete: a current member is not a user of the Workspace (deleted or never created), so they were not added.', action: 'Create the account (or map the person with --users and import again), then run complete again.' },
  member_outside_domain: { kinds: ['skip'], meaning: 'complete: a current member is outside the organization and the space does not allow external users.', action: 'Add them by hand in Google Chat once the space allows external users, if they should be in it.' },

  // ── Fallbacks: written, but not as the source had it ─────────────────────────────────────────────────────────
  unmapped_mention: { kinds: ['fallback'], meaning: 'A mention of someone with no Workspace account is written as plain text (@Name).', action: 'Map the person with --users before importing for a real mention.' },
  custom_emoji: { kinds: ['fallback'], meaning: 'A custom emoji in the text is written as its :shortcode:.', action: NOTHING },
  unknown_block: { kinds: ['fallback'], meaning: 'Part of a message (a block, card or attachment kind) the tool does not convert; its text is kept where there is one.', action: 'Check the message in Google Chat if the layout matters.' },
  unknown_subtype: { kinds: ['fallback'], meaning: 'A Slack message of an unknown subtype, posted as an ordinary message.', action: NOTHING },
  unknown_entity: { kinds: ['fallback'], meaning: 'A reference (channel, user group, special mention, reaction kind) written as plain text.', action: NOTHING },
  deleted_thread_root: { kinds: ['fallback'], meaning: 'A deleted message that still has replies: a placeholder keeps the thread together.', action: NOTHING },
  missing_thread_root: { kinds: ['fallback'], meaning: 'Replies whose thread root is not in the export: the first reply starts the thread.', action: 'Nothing, unless the root is outside --since/--until: then widen them.' },
  duplicate_id: { kinds: ['fallback'], meaning: 'Two different messages share one source id: the later one gets a derived, still stable id.', action: NOTHING },
  time_before_2000: { kinds: ['fallback'], meaning: 'A message from before 2000, which Google Chat refuses, is dated 2000-01-01 (order kept).', action: NOTHING },
  message_split: { kinds: ['fallback'], meaning: 'A message longer than Google Chat allows is posted in several parts.', action: NOTHING },
  author_no_email: { kinds: ['fallback'], meaning: 'The author has no Workspace email: posted by the admin with an attribution line naming them.', action: MAP_USER },
  author_bot: { kinds: ['fallback'], meaning: 'A bot or integration message: posted by the admin with an attribution line naming the bot.', action: NOTHING },
  author_impersonation_refused: { kinds: ['fallback'], meaning: 'Google refused to impersonate the author: posted by the admin with an attribution line.', action: 'Restore or map the account with --users to post as the author in a new import.' },
  file_without_bytes: { kinds: ['fallback'], meaning: 'A file that is not in the export (only its name and link): a line naming it is written instead.', action: 'Give a Slack token (--slack-token) so linked files are downloaded, or pass the files with --files-dir (see README).' },
  file_blocked_type: { kinds: ['fallback'], meaning: 'A file of a type Google Chat blocks: a line naming it is written instead.', action: 'Import with --drive (and the drive.file scope granted) to put it on the author\'s Drive with a link, or share it another way.' },
  file_too_large: { kinds: ['fallback'], meaning: "A file over Google Chat's 200 MB limit: a line naming it is written instead.", action: "Import with --drive (and the drive.file scope granted) to put it on the author's Drive with a link, or share it another way." },
  canvas_or_post: { kinds: ['fallback'], meaning: 'A Slack canvas or post, which cannot be imported: a line naming it (and its link) is written instead.', action: 'Export the canvas from Slack as a document and share it in the space.' },
  file_unreadable: { kinds: ['fallback', 'warning'], meaning: 'A file of the export could not be read when uploading: a line naming it is written instead.', action: 'Check the file, then import it by hand; the message itself is in Google Chat.' },
  telegram_local_time: { kinds: ['fallback'], meaning: 'A Telegram message with only a local-time `date` (no `date_unixtime`), read as UTC because no --timezone was given.', action: 'Pass --timezone with the zone of the device that exported (e.g. Europe/Berlin) for exact times.' },
  file_fetch_failed: { kinds: ['fallback', 'warning'], meaning: 'A file the export only links to could not be downloaded from Slack (HTTP 403/404, an HTML sign-in page for a missing or expired token, a size other than the export says, no answer after retries): a line naming it is written instead.', action: 'See the problem list for the reason; give a valid --slack-token (files:read) and import the file by hand, or accept the line.' },
  file_upload_failed: { kinds: ['fallback'], meaning: 'Google refused the upload of a file: a line naming it is written instead.', action: 'See the problem list for the status; share the file another way.' },
  file_via_drive: { kinds: ['fallback'], meaning: "With --drive: a file over Chat's 200 MB limit or of a blocked type, put on the author's Google Drive and linked by a line in its message (driveDataRef is output only); counted when planned.", action: 'Nothing: the file is in Drive, readable by the domain through the link.' },
  drive_upload_failed: { kinds: ['fallback', 'warning'], meaning: 'With --drive: Google Drive refused a file after retries (counted on top of file_via_drive); a line naming it is written instead of its link.', action: 'See the problem list for the status; upload the file to Drive by hand and share it in the space.' },
  drive_not_granted: { kinds: ['fallback', 'warning'], meaning: 'With --drive: Google issued no token with the drive.file scope (counted on top of file_via_drive), so the file is the line it would be without --drive.', action: "Add https://www.googleapis.com/auth/drive.file to the service account's domain-wide delegation in the Admin console, then import again (messages already written keep their line)." },
  // ── Blocking problems: writes Google would reject ───────────────────────────────────────────────────────────
  space_display_name: { kinds: ['problem'], meaning: "A space name is empty or longer than Google Chat's limit.", action: 'Rename the conversation in the export (or its table), then validate again.' },
  space_create_time: { kinds: ['problem'], meaning: 'A space creation time is before 2000 or in the future.', action: "Check the export's times, then validate again." },
  message_id: { kinds: ['problem'], meaning: 'A derived message id does not meet Google Chat’s rules (a bug in chat-import).', action: 'Report it with the report.json entry.' },
  message_too_long: { kinds: ['problem'], meaning: "A message part is longer than Google Chat's text limit.", action: 'Report it with the report.json entry (long messages are split).' },
  message_empty: { kinds: ['problem'], meaning: 'A message with neither text nor attachment.', action: 'Report it with the report.json entry.' },
  message_create_time: { kinds: ['problem'], meaning: 'A message time outside [space creation, now].', action: "Check the export's times, then validate again." },
  thread_key: { kinds: ['problem'], meaning: "A thread key longer than Google Chat's limit.", action: 'Report it with the report.json entry.' },
  reaction_emoji: { kinds: ['problem'], meaning: 'A reaction without a Unicode emoji.', action: 'Report it with the report.json entry.' },
  membership_times: { kinds: ['problem'], meaning: "A former membership whose end is not after its start.", action: 'Fix the join/leave records of the export, then validate again.' },
  membership_window: { kinds: ['problem'], meaning: 'A former membership outside [space creation, now].', action: 'Fix the join/leave records of the export, then validate again.' },

  // ── Warnings ─────────────────────────────────────────────────────────────────────────────────────────────────
  space_not_ready: { kinds: ['warning'], meaning: '`complete` left a space in import mode: it was not created, its import has not finished, some of its writes failed, or the last import could not read it (space_gone).', action: 'Run the same import again (it resumes and retries), then `chat-import complete` before the import-mode deadline shown; for a space the import could not read, do what its space_gone line says.' },
  absent_from_export: { kinds: ['warning'], meaning: 'Messages chat-import wrote to the space earlier are not in this export (deleted or edited away in the source); they are left in Google Chat.', action: 'Nothing, unless they should go: delete them in Google Chat by hand.' },
  key_file_readable: { kinds: ['warning'], meaning: 'The service-account key file can be read by other users of the machine (group or world permissions); the key acts as every user of the domain.', action: 'chmod 600 the key file (and delete stray copies).' },
  space_name_shortened: { kinds: ['warning'], meaning: "A conversation's name is longer than Google Chat's 128 characters: the space gets the first 128 (the message shows the new name).", action: 'Nothing, or rename the space in Google Chat afterwards.' },
  space_name_clash: { kinds: ['warning'], meaning: 'Two selected conversations would get one space name (equal, or equal once Unicode-normalized or cut to 128): the later space gets a suffix.', action: 'Nothing, or rename a conversation in the export (or the space afterwards) so people can tell them apart.' },
  space_renamed: { kinds: ['warning'], meaning: 'A space of that name already exists in the organization; the new one got a suffix.', action: 'Rename either space in Google Chat if you like.' },

  // ── Failures: a space Google would not give us (the rest of the run goes on; exit 1) ─────────────────────────
  space_name_taken: { kinds: ['failure'], meaning: 'The space could not be created: its name and the names chat-import tries after it ("name (imported)" … "(imported 4)") are all taken in the organization. None of its writes was made; other spaces go on.', action: 'Rename or delete one of those spaces in Google Chat (or rename the conversation in the export), then run the same command again: it creates the space and writes its messages.' },
  space_gone: { kinds: ['failure'], meaning: 'The space the state file records could not be read to reconcile it (NOT_FOUND or PERMISSION_DENIED): deleted, past its import-mode deadline, or made on another target (a restarted emulator). Nothing was written to it.', action: 'Wrong target: pass the right state file with --state. To import the conversation into a new space: the same command with --channels NAME --migration-id NEW_ID --state NEW_FILE.' },

  // ── Fatal errors: the run cannot start or must stop (exit 1) ────────────────────────────────────────────────
  credentials: { kinds: ['error'], meaning: 'The service-account key is missing, not JSON, or unusable.', action: 'Create a new JSON key for the service account and pass it with --credentials.' },
  token: { kinds: ['error'], meaning: 'Google did not issue an access token.', action: 'Check the message; check the network and the service account, then run again.' },
  dwd_not_granted: { kinds: ['error'], meaning: 'Domain-wide delegation is not granted for the scopes the command needs.', action: 'Grant the scopes named in the message in the Admin console (Security → API controls → Domain-wide delegation).' },
  admin_refused: { kinds: ['error'], meaning: 'Google refused a token for the --admin user.', action: 'Pass an active admin user of the Workspace domain with --admin.' },
  state_locked: { kinds: ['error'], meaning: 'Another chat-import run is using the state file.', action: 'Wait for it to finish (or stop it), then run again.' },
  state_damaged: { kinds: ['error'], meaning: 'The state file is damaged; it was left untouched.', action: 'Restore the .bak copy named in the message, then run again.' },
  state_other_export: { kinds: ['error'], meaning: 'The state file belongs to an export of another source (another kind, another workspace id, or no conversation in common); a newer or edited export of the same source is accepted and reconciled.', action: 'Use --state to pick a state file for this export.' },
  state_other_migration: { kinds: ['error'], meaning: 'The state file belongs to another --migration-id.', action: 'Pass the same --migration-id, or --state to pick a state file for the other migration.' },
  file_system: { kinds: ['error'], meaning: 'A file the tool writes cannot be read or written (permissions, a read-only or full disk): the state file, its folder, backup or lock, a report or the --log file. The state file on disk is left as it was.', action: 'Do what the message says (permissions, space, another --state path), then run the same command again.' },
  state_other_target: { kinds: ['error'], meaning: 'The state file was made for another API root or admin.', action: 'Use --state to pick a state file for this target.' },
  user_table_missing: { kinds: ['problem', 'error'], meaning: "The export's user table (users.json, users.csv, usersList.json, Mattermost's user lines) is missing or unusable: authors get no email. validate: blocking; import stops before any write (exit 1).", action: 'Restore the file from the export, or pass --users FILE mapping the authors to Workspace emails, or --allow-admin-fallback to accept the admin posting for everyone.' },
  nothing_selected: { kinds: ['error'], meaning: 'validate: --channels or --exclude-channels names a conversation the export does not have (exit 1; import exits 2).', action: 'Use a name or id from the list in the message.' },
  usage: { kinds: ['error'], meaning: 'The command line is wrong, or a file it names cannot be read (exit 2).', action: 'Read the message (it names the flag or file) and `chat-import <command> --help`.' },
  damaged_zip: { kinds: ['error'], meaning: 'The export zip is damaged or not a zip (exit 2).', action: 'Copy or download the zip again.' },
  interrupted: { kinds: ['error'], meaning: 'The run was stopped by a signal (exit 130).', action: 'Run the same command again to resume.' },
} as const satisfies Record<string, Reason>;

export type ReasonCode = keyof typeof REASONS;
/** The codes of one kind, e.g. `CodeOf<'skip'>`. */
export type CodeOf<K extends ReasonKind> = { [C in ReasonCode]: K extends (typeof REASONS)[C]['kinds'][number] ? C : never }[ReasonCode];
export type SkipCode = CodeOf<'skip'>;
export type FallbackCode = CodeOf<'fallback'>;
export type ProblemCode = CodeOf<'problem'>;
export type WarningCode = CodeOf<'warning'>;
export type ErrorCode = CodeOf<'error'>;

/**
 * What Google (or the network under it) answered, passed through as a failure code: ALREADY_EXISTS,
 * PERMISSION_DENIED, HTTP_500, ECONNRESET… Always upper case, which keeps them apart from the codes above.
 */
export type GoogleStatus = Uppercase<string>;
export type FailureCode = CodeOf<'failure'> | GoogleStatus;

/** The one family entry: every upper-case code is a status passed through from Google or the network. */
export const GOOGLE_STATUS: Reason & { readonly code: string } = {
  code: 'UPPER_CASE',
  kinds: ['failure'],
  meaning: 'A write Google Chat refused, with the status it answered (PERMISSION_DENIED, NOT_FOUND, INVALID_ARGUMENT, HTTP_500…) or the network error under it (ECONNRESET, ETIMEDOUT…); the write is retried by the next run.',
  action: 'Read the message in the problem list; fix what it names (permissions, quota, the network), then run the same command again.',
};

const isGoogleStatus = (code: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(code);

/** The catalogue entry for a code as found in a report (which may come from another version of the tool). */
export function reasonFor(code: string): Reason | undefined {
  if (Object.hasOwn(REASONS, code)) return REASONS[code as ReasonCode];
  return isGoogleStatus(code) ? GOOGLE_STATUS : undefined;
}

/** "meaning What to do." for a code, or a pointer to the catalogue when the code is unknown. */
export function explain(code: string): string {
  const reason = reasonFor(code);
  return reason ? `${reason.meaning} ${reason.action}` : 'Not in this version’s catalogue: see docs/reasons.md.';
}
