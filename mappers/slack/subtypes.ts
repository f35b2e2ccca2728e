// What each Slack message subtype becomes. Slack's list: https://api.slack.com/events/message#subtypes (plus
// subtypes seen only in exports: `tombstone`, `huddle_thread`, `channel_canvas_updated`…).

/** Joins and leaves feed historical memberships, not messages. */
export const MEMBERSHIP_SUBTYPES: Readonly<Record<string, 'join' | 'leave'>> = {
  channel_join: 'join',
  group_join: 'join',
  channel_leave: 'leave',
  group_leave: 'leave',
};

/**
 * Subtypes that are not chat messages: space details come from channels.json, and the rest are notices about
 * something recorded elsewhere. Each is skipped with the subtype as its code and this as its reason.
 */
export const SKIPPED_SUBTYPES: Readonly<Record<string, string>> = {
  channel_topic: 'a channel topic change, not a chat message (the space description comes from channels.json)',
  group_topic: 'a channel topic change, not a chat message (the space description comes from groups.json)',
  channel_purpose: 'a channel purpose change, not a chat message (the space description comes from channels.json)',
  group_purpose: 'a channel purpose change, not a chat message (the space description comes from groups.json)',
  channel_name: 'a channel rename notice, not a chat message (the space name comes from channels.json)',
  group_name: 'a channel rename notice, not a chat message (the space name comes from groups.json)',
  channel_archive: 'a channel archive notice, not a chat message',
  group_archive: 'a channel archive notice, not a chat message',
  channel_unarchive: 'a channel unarchive notice, not a chat message',
  group_unarchive: 'a channel unarchive notice, not a chat message',
  channel_convert_to_private: 'a channel conversion notice, not a chat message',
  channel_convert_to_public: 'a channel conversion notice, not a chat message',
  channel_posting_permissions: 'a posting-permission change, not a chat message',
  channel_canvas_updated: 'a canvas update notice, not a chat message',
  pinned_item: 'a pin notice, not a chat message (Chat import has no pins)',
  unpinned_item: 'an unpin notice, not a chat message',
  huddle_thread: 'a huddle notice, not a chat message (huddles are calls and hold no text)',
  sh_room_created: 'a call notice, not a chat message',
  message_changed: 'an edit event (the edited text is already in the original message)',
  message_deleted: 'a deletion event, not a chat message',
  message_replied: 'a reply notification (the reply itself is in the export)',
  ekm_access_denied: 'a message whose content was revoked by Enterprise Key Management',
  joiner_notification: 'a join notification, not a chat message',
  joiner_notification_for_inviter: 'a join notification, not a chat message',
};

/** Integration subtypes: posted as the admin, attributed to the bot. */
export const BOT_SUBTYPES: ReadonlySet<string> = new Set([
  'bot_message',
  'bot_add',
  'bot_remove',
  'bot_enable',
  'bot_disable',
  'slackbot_response',
]);

/** Subtypes that are ordinary messages; any other (unknown) subtype is still posted, and counted. */
export const MESSAGE_SUBTYPES: ReadonlySet<string> = new Set([
  ...BOT_SUBTYPES,
  'me_message',
  'file_share',
  'file_comment',
  'file_mention',
  'thread_broadcast',
  'reply_broadcast',
  'reminder_add',
  'tombstone',
]);

/** A reply also shown in the channel's main timeline. `reply_broadcast` is the pre-2018 name. */
export const BROADCAST_SUBTYPES: ReadonlySet<string> = new Set(['thread_broadcast', 'reply_broadcast']);
