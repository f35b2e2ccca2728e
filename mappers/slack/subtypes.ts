// What each Slack message subtype becomes. Slack's list: https://api.slack.com/events/message#subtypes (plus
// subtypes seen only in exports: `tombstone`, `huddle_thread`, `channel_canvas_updated`…).
import type { SkipCode } from '../../src/reasons.js';

/** Joins and leaves feed historical memberships, not messages. */
export const MEMBERSHIP_SUBTYPES: Readonly<Record<string, 'join' | 'leave'>> = {
  channel_join: 'join',
  group_join: 'join',
  channel_leave: 'leave',
  group_leave: 'leave',
};

/**
 * Subtypes that are not chat messages: space details come from channels.json, and the rest are notices about
 * something recorded elsewhere. Each is skipped with the subtype as its code; what each means is in the reasons
 * catalogue (src/reasons.ts), which gives the skip its reason.
 */
const SKIPPED: ReadonlySet<string> = new Set<SkipCode>([
  'channel_topic',
  'group_topic',
  'channel_purpose',
  'group_purpose',
  'channel_name',
  'group_name',
  'channel_archive',
  'group_archive',
  'channel_unarchive',
  'group_unarchive',
  'channel_convert_to_private',
  'channel_convert_to_public',
  'channel_posting_permissions',
  'channel_canvas_updated',
  'pinned_item',
  'unpinned_item',
  'huddle_thread',
  'sh_room_created',
  'message_changed',
  'message_deleted',
  'message_replied',
  'ekm_access_denied',
  'joiner_notification',
  'joiner_notification_for_inviter',
]);

export const isSkippedSubtype = (subtype: string): subtype is SkipCode => SKIPPED.has(subtype);

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
