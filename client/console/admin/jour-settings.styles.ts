import { css } from 'lit';

/** The settings screen's own: each date exception a row set apart from the next. */
export const settingsStyles = css`
  .exception {
    display: grid;
    gap: 0.5rem;
    padding-block: 0.75rem 0.25rem;
    border-block-start: 1px solid #d0d0d0;
  }
  .exception label:not(.check) input {
    max-width: 18rem;
  }
  .exceptions > .row {
    margin-block-start: 0.5rem;
  }
`;
