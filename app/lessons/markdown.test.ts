// Lesson Markdown reaches the page as elements and text nodes only: HTML in a lesson is shown as
// text, scripts and event handlers never become markup, and only http(s) links are links.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.tsx';

const html = (text: string): string => renderToStaticMarkup(createElement(Markdown, { text }));

describe('lesson Markdown', () => {
  it('renders emphasis, lists and code as elements', () => {
    const out = html('Some **bold**, *em* and `code`.\n\n- one\n- two');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>em</em>');
    expect(out).toContain('>code</code>');
    expect(out).toMatch(/<ul[^>]*><li><p>one<\/p><\/li>|<li>.*one.*<\/li>/);
  });

  it('shows raw HTML as text, never as markup', () => {
    const out = html(
      'Hello <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>',
    );
    expect(out).not.toMatch(/<script|<img|<div onclick/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('links only http(s) addresses; javascript: and data: links stay text', () => {
    const out = html(
      '[ok](https://example.org/x) [bad](javascript:alert(1)) [worse](data:text/html,hi)',
    );
    expect(out).toContain('href="https://example.org/x"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('data:text');
    expect(out).toContain('bad');
  });

  it('keeps characters marked would escape as they are (one escaping, by React)', () => {
    const out = html('λ × W < 5 & "quoted"');
    expect(out).toContain('λ × W &lt; 5 &amp; &quot;quoted&quot;');
  });
});
