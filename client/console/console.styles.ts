import { css } from 'lit';

/** Shared by the console's elements: calm colours, 16px text, visible focus. */
export const baseStyles = css`
  :host {
    font:
      16px/1.5 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      Arial,
      sans-serif;
    color: #1a1a1a;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    min-height: 40px;
    padding: 0.375rem 0.875rem;
    border-radius: 6px;
    border: 2px solid #1d4f91;
    background: #ffffff;
    color: #1d4f91;
    cursor: pointer;
  }
  button.primary {
    background: #1d4f91;
    color: #ffffff;
  }
  button.danger {
    border-color: #8c1d18;
    color: #8c1d18;
  }
  button:disabled {
    cursor: not-allowed;
    border-color: #8a8a8a;
    color: #595959;
    background: #eeeeee;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  [role='tab']:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  input,
  textarea {
    font: inherit;
    padding: 0.5rem;
    border: 1px solid #6b6b6b;
    border-radius: 6px;
  }
  .muted {
    color: #4a4a4a;
    font-size: 0.875rem;
  }
  .alert {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #8c1d18;
    background: #fdecee;
  }
  /* GOV.UK's error pattern: a summary at the top, each field marked where it is. */
  .error-summary {
    padding: 0.75rem 1rem;
    border: 4px solid #8c1d18;
    border-radius: 6px;
    background: #ffffff;
  }
  .error-summary:focus {
    outline: 3px solid #ffbf47;
    outline-offset: 0;
  }
  .error-summary [role='heading'] {
    font-size: 1.125rem;
    font-weight: 700;
  }
  .error-summary ul {
    margin: 0.375rem 0 0;
    padding-inline-start: 1.25rem;
  }
  .error-summary a {
    color: #8c1d18;
    font-weight: 600;
  }
  .error-summary a:focus-visible {
    outline: 3px solid #ffbf47;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border: 2px solid #8c1d18;
  }
  .field-error {
    margin: 0.25rem 0;
    color: #8c1d18;
    font-weight: 600;
  }
  .required {
    font-weight: normal;
    font-size: 0.875rem;
    color: #4a4a4a;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** A count of unread messages beside a label. */
export const badgeStyles = css`
  .badge {
    display: inline-block;
    min-width: 1.5rem;
    margin-inline-start: 0.375rem;
    padding: 0 0.375rem;
    border-radius: 999px;
    background: #b00020;
    color: #ffffff;
    font-size: 0.8125rem;
  }
`;

/** A white panel with its heading: the console's sections. */
export const panelStyles = css`
  section {
    background: #ffffff;
    border: 1px solid #d0d0d0;
    border-radius: 10px;
    padding: 1rem;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
  }
`;
