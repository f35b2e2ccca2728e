// Teams HTML bodies → Chat text, for the parts that real exports get wrong most easily: code blocks.
import { describe, expect, it } from 'vitest';
import { htmlToChat } from '../../../mappers/teams/html.js';

describe('htmlToChat code blocks', () => {
  it('turns the no-break spaces Teams indents code with into spaces, so pasted Python runs', () => {
    const html = '<p>try this:</p><pre>def f(x):<br>&nbsp;&nbsp;&nbsp; if x:<br>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; return\u00a01</pre>';
    const { text } = htmlToChat(html);
    expect(text).toBe('try this:\n```\ndef f(x):\n    if x:\n        return 1\n```');
    expect(text.includes('\u00a0'), JSON.stringify(text)).toBe(false);
  });

  it('reads the <codeblock><code> form of newer clients as a code block, indentation kept', () => {
    const { text } = htmlToChat('<codeblock class="Python"><code>for i in range(3):<br>&nbsp; &nbsp; print(i &lt; 2)</code></codeblock><p>done</p>');
    expect(text).toBe('```\nfor i in range(3):\n    print(i < 2)\n```\ndone');
  });

  it('keeps inline code inline, its no-break spaces as spaces', () => {
    expect(htmlToChat('<p>run <code>ls&nbsp;-la</code> now</p>').text).toBe('run `ls -la` now');
  });
});
