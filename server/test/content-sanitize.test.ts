/** Article bodies keep a safe HTML subset (content/sanitize.ts); what staff or an import paste cannot run script. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt, htmlToText, paragraphsToHtml, sanitizeHtml } from '../src/content/sanitize.js';
import { crc32 } from '../src/content/forms/zip.js';

describe('article body sanitizing', () => {
  test('keeps the allowed tags without any attribute', () => {
    assert.equal(sanitizeHtml('<p class="x" style="color:red" onclick="alert(1)">通知</p>'), '<p>通知</p>');
    assert.equal(sanitizeHtml('<ol><li>身份证</li><li><strong>原件</strong></li></ol>'), '<ol><li>身份证</li><li><strong>原件</strong></li></ol>');
    assert.equal(sanitizeHtml('<TABLE><TR><TD>2.10%</TD></TR></TABLE>'), '<table><tr><td>2.10%</td></tr></table>');
    assert.equal(sanitizeHtml('一<br/>二<br>三'), '一<br>二<br>三');
  });

  test('drops scripts, styles and frames with their content, and other tags without it', () => {
    assert.equal(sanitizeHtml('<p>甲<script>alert("x")</script>乙</p>'), '<p>甲乙</p>');
    assert.equal(sanitizeHtml('<style>p{}</style><iframe src="//evil"></iframe>正文'), '正文');
    assert.equal(sanitizeHtml('<a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)>'), '链接');
    assert.equal(sanitizeHtml('<!-- 注释 -->文<!-- 未闭合'), '文');
    assert.equal(sanitizeHtml('<svg><script>alert(1)</script></svg>后'), '后');
  });

  test('escapes text, keeps entities, balances tags', () => {
    assert.equal(sanitizeHtml('1 < 2 & 3 > 2 "引号"'), '1 &lt; 2 &amp; 3 &gt; 2 &quot;引号&quot;');
    assert.equal(sanitizeHtml('A&amp;B &#x4e2d; &nbsp;'), 'A&amp;B &#x4e2d; &nbsp;');
    assert.equal(sanitizeHtml('<p><strong>粗体</p>'), '<p><strong>粗体</strong></p>');
    assert.equal(sanitizeHtml('</p>孤立<em>强调'), '孤立<em>强调</em>');
    assert.equal(sanitizeHtml('<p title="a>b">x</p>'), '<p>x</p>');
    assert.equal(sanitizeHtml('<scr<script>ipt>alert(1)</script>'), 'ipt&gt;alert(1)', 'a split tag cannot reassemble');
  });

  test('plain text keeps one line per block, for search and summaries', () => {
    assert.equal(
      htmlToText('<h4>第二十四条</h4><p>职工有下列情形之一的：</p><ol><li>购买&amp;建造</li><li>离休、退休的；</li></ol>'),
      '第二十四条\n职工有下列情形之一的：\n购买&建造\n离休、退休的；',
    );
    assert.equal(htmlToText('<table><tr><td>首套</td><td>2.10%</td></tr></table>'), '首套 2.10%');
    assert.equal(paragraphsToHtml('第一段\n\n第二段 <b>'), '<p>第一段</p><p>第二段 &lt;b&gt;</p>');
    assert.equal(excerpt('一二三四五', 3), '一二三…');
    assert.equal(excerpt('短文', 3), '短文');
  });

  test('the forms’ ZIP checksum is the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });
});
