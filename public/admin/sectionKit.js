// What the teams, people and promises sections share beyond the shell's ui.js: their style sheet and a value to copy.
import { el, uniqueId } from './ui.js';

/** Links sections.css once: the shell's admin.css styles the page, this the parts only these sections have. */
export function useSectionStyle() {
  if (document.querySelector('link[data-sections-style]')) return;
  document.head.append(el('link', { rel: 'stylesheet', href: '/admin/sections.css', 'data-sections-style': true }));
}

/** A value to copy (a key shown once, a page link): a labelled read-only field and a button that copies it. */
export function copyField(label, value, words) {
  const id = uniqueId('copy');
  const input = el('input', { id, type: 'text', readonly: true, value, className: 'copy-value', spellcheck: 'false' });
  const said = el('span', { className: 'copy-status', role: 'status' });
  const button = el('button', {
    type: 'button',
    text: words.copy,
    'aria-describedby': id,
    onclick: async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(value);
        said.textContent = words.copied;
      } catch {
        // No clipboard permission (plain http, an old browser): the value is selected for Ctrl+C.
        said.textContent = '';
      }
    },
  });
  return el('div', { className: 'copy-field' }, [
    el('label', { for: id, text: label }),
    el('div', { className: 'copy-row' }, [input, button]),
    said,
  ]);
}
