// Which key presses belong to the element they happen in: the page's Space (play / pause) must not
// fire while a person types or presses a button, but a range slider does nothing with Space, so
// Space plays and pauses there too (the rate slider has focus while a learner drags the load).

/** Whether a key press belongs to its target (a text field, a select, a button...). */
export function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  if (!t || !t.tagName) return false;
  const tag = t.tagName;
  if (tag === 'INPUT') return (t as HTMLInputElement).type !== 'range';
  return tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'BUTTON' || t.isContentEditable === true;
}
