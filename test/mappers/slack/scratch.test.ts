import { it } from 'vitest';
import { slackMapper } from '../../../mappers/slack/index.js';
import { writeTree } from './export-builder.js';
it('scratch', async () => {
  const dir = await writeTree({
    'users.json': [{ id: 'U1', name: 'ann', profile: { display_name: 'Ann' } }],
    'channels.json': [{ id: 'C1', name: 'general', created: 1577836800, members: ['U1', 'U404'] }],
    'general/2020-01-01.json': [
      { type: 'message', ts: '1577836800.000001', user: 'U404', text: 'from a ghost' },
      { type: 'message', ts: '1577836800.000002', user: 'U1', text: 'hi <@U404> see <#C404>' },
      { type: 'message', ts: '1577836800.000002', user: 'U1', text: 'see <#C405|old-name>', thread_ts: '1577836799.000000' },
      { type: 'message', ts: '1577836800.000003', user: 'U1', text: 42 },
      { type: 'message', ts: '1577836800.000004', user: ['U1'], text: 'user is an array' },
      { type: 'message', ts: '1577836800.000005', user: 'U1', text: 'files not array', files: 'nope' },
      { type: 'message', ts: '1577836800.000006', user: 'U1', text: 'reactions odd', reactions: [{ name: 5, users: 'U1' }, null] },
      { type: 'message', ts: '1577836800.000007', user: 'U1', text: 'blocks odd', blocks: [null, 3, { type: 'rich_text', elements: 'x' }] },
      { type: 'message', ts: '1577836800.000008', user: 'U1', text: 'thread odd', thread_ts: 12 },
      { type: 'message', ts: '1577836800.000009', user: 'U1', text: 'attachments odd', attachments: [{ fields: 'x', text: 7 }] },
      { type: 'message', ts: '1577836800.000010', subtype: 42, text: 'subtype is a number' },
      { type: 12, ts: '1577836800.000011', text: null },
      { ts: 1577836800.000012, text: 'ts as a number' },
      {},
      [],
    ],
  });
  const source = await slackMapper.open(dir, { now: () => 0 });
  console.log(JSON.stringify(source.tableSkips));
  for await (const r of source.records('C1')) console.log(JSON.stringify(r));
  await source.close();
});
