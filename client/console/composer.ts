import { html, type TemplateResult } from 'lit';
import { MAX_MESSAGE_CHARS } from '../../shared/protocol/schemas.js';

/**
 * A labelled text box and its send button, for the staff's short conversations (a
 * whisper, a supervisor's lines in a chat they joined): Enter sends, Shift+Enter makes
 * a new line, as in the chat's composer. The box empties once its text is handed on.
 */
export function composerForm(
  label: string,
  button: string,
  buttonClass: string,
  send: (text: string) => void,
): TemplateResult {
  const submit = (form: HTMLFormElement | null) => {
    const box = form?.querySelector('textarea');
    if (!box?.value.trim()) return;
    send(box.value);
    box.value = '';
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    submit(event.currentTarget as HTMLFormElement);
  };
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    submit((event.currentTarget as HTMLTextAreaElement).form);
  };
  return html`<form @submit=${onSubmit}>
    <label
      >${label}
      <textarea rows="2" maxlength=${MAX_MESSAGE_CHARS} @keydown=${onKeydown}></textarea>
    </label>
    <button class=${buttonClass} type="submit">${button}</button>
  </form>`;
}
