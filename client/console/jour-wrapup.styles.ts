import { css } from 'lit';

export const wrapUpStyles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.5rem;
    align-items: end;
  }
  p {
    margin: 0;
  }
  fieldset {
    border: 1px solid #d0d0d0;
    border-radius: 8px;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .row {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
  }
`;
