import { css } from 'lit';

/**
 * The hand-over dialog: over the conversation, never wider than the screen, its form
 * scrolling inside it with the buttons always at the bottom.
 */
export const handoverStyles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(34rem, calc(100vw - 1.5rem));
    max-height: calc(100dvh - 1.5rem);
    padding: 0;
    border: 1px solid #6b6b6b;
    border-radius: 10px;
    color: #1a1a1a;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 45%);
  }
  form {
    display: grid;
    gap: 0.5rem;
    padding: 1rem 1rem 0;
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
  }
  fieldset {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    border: 1px solid #d0d0d0;
    border-radius: 8px;
  }
  fieldset.invalid {
    border: 2px solid #8c1d18;
  }
  legend,
  label[for] {
    font-weight: 600;
  }
  label.choice {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    min-height: 2rem;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  textarea {
    width: 100%;
    resize: vertical;
    min-height: 3rem;
  }
  /* Stays in view at the bottom of the dialog however long the form. */
  .actions {
    position: sticky;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding: 0.75rem 0 1rem;
    background: #ffffff;
  }
`;
