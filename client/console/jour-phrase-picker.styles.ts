import { css } from 'lit';

/* The host lays out like the form around it: label above, the box beside the slotted
   button, the hint below. */
export const phrasePickerStyles = css`
  :host {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.5rem;
    align-items: end;
  }
  label {
    grid-column: 1 / -1;
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .composer {
    position: relative;
  }
  textarea {
    box-sizing: border-box;
    width: 100%;
    resize: vertical;
    min-height: 3rem;
  }
  [role='listbox'] {
    position: absolute;
    inset-inline: 0;
    bottom: 100%;
    max-height: 14rem;
    overflow-y: auto;
    margin: 0 0 0.25rem;
    padding: 0.25rem;
    list-style: none;
    background: #ffffff;
    border: 1px solid #6b6b6b;
    border-radius: 8px;
    box-shadow: 0 4px 16px rgb(0 0 0 / 15%);
  }
  li {
    max-width: 75%;
    padding: 0.5rem 0.75rem;
    border-radius: 10px;
    overflow-wrap: anywhere;
  }
  [role='option'] {
    max-width: none;
    padding: 0.375rem 0.5rem;
    border-radius: 6px;
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: #1d4f91;
    color: #ffffff;
  }
`;
