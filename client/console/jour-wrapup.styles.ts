import { css } from 'lit';

/** The wrap-up: its questions, and Save kept in view at the bottom of the scrolling panel. */
export const wrapUpStyles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.5rem;
  }
  h3 {
    margin: 0;
    font-size: 1.0625rem;
  }
  p {
    margin: 0;
  }
  fieldset {
    border: 1px solid #d0d0d0;
    border-radius: 8px;
    min-width: 0;
  }
  fieldset.invalid {
    border: 2px solid #8c1d18;
  }
  legend {
    font-weight: 600;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  label {
    display: inline-flex;
    gap: 0.375rem;
    align-items: baseline;
    min-height: 2rem;
  }
  /*
   * Sticks to the bottom of the panel that scrolls (the chat's tab panel) while
   * questions remain below, with a shadow above it that says there is more.
   */
  .actions {
    position: sticky;
    bottom: 0;
    display: flex;
    padding: 0.625rem 0;
    background: #ffffff;
    box-shadow: 0 -6px 8px -6px rgb(0 0 0 / 35%);
  }
`;
